import ical, { ICalEventStatus } from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';

/** One event of a feed, whatever feature it comes from (meetings, vote deadlines…). */
export interface CalendarEvent {
	/** Stable across fetches and edits, e.g. `meeting-<id>@parvis`. */
	uid: string;
	start: Date;
	end: Date;
	/** IANA zone: times are written with its TZID and the feed carries its VTIMEZONE. */
	timezone: string;
	/** DTSTAMP: when the event last changed significantly. */
	stamp: Date;
	/** Grows on every significant change (time, place, status). */
	sequence: number;
	cancelled: boolean;
	summary: string;
	description?: string;
	location?: string | null;
	geo?: { lat: number; lon: number } | null;
	url?: string;
}

const wallClock = (date: Date, zone: string) =>
	Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		})
			.formatToParts(date)
			.map((part) => [part.type, part.value])
	);

/**
 * An instant that ical-generator writes as wall-clock time in the event's zone. Given a plain Date
 * it would use the server process's own zone; this minimal Luxon-shaped value (the interface
 * ical-generator accepts) converts through Intl instead, so no date library is needed.
 */
function zoned(date: Date) {
	return {
		isValid: true,
		zone: { type: 'iana' },
		toJSDate: () => date,
		toISO: () => date.toISOString(),
		setZone(zone: string) {
			const p = wallClock(date, zone);
			return { toFormat: (format: string) => (format === 'yyyyLLdd' ? `${p.year}${p.month}${p.day}` : `${p.hour}${p.minute}${p.second}`) };
		}
	};
}

/** An RFC 5545 calendar with a VTIMEZONE for every zone its events use. */
export function renderCalendar(name: string, events: CalendarEvent[], options: { url?: string; ttlSeconds?: number } = {}): string {
	const calendar = ical({
		name,
		prodId: { company: 'Parvis', product: 'Parvis', language: 'FR' },
		timezone: { name: null, generator: getVtimezoneComponent },
		...(options.url ? { url: options.url } : {}),
		ttl: options.ttlSeconds ?? 3600
	});
	for (const event of events) {
		calendar.createEvent({
			id: event.uid,
			// The Luxon-shaped value above: ical-generator's types list only real library classes.
			start: zoned(event.start) as never,
			end: zoned(event.end) as never,
			timezone: event.timezone,
			stamp: event.stamp,
			sequence: event.sequence,
			status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
			summary: event.cancelled ? `[Annulé] ${event.summary}` : event.summary,
			description: event.description ?? null,
			location: event.location ? (event.geo ? { title: event.location, geo: event.geo } : event.location) : null,
			url: event.url ?? null
		});
	}
	return calendar.toString();
}

export const calendarHeaders = (filename: string) => ({
	'content-type': 'text/calendar; charset=utf-8',
	'content-disposition': `inline; filename="${filename}"`,
	'cache-control': 'private, max-age=300'
});

const compact = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** "Add to my calendar" links for web calendars (the .ics download covers the others). */
export function addToCalendarLinks(event: CalendarEvent) {
	const details = [event.description ?? '', event.url ?? ''].filter(Boolean).join('\n\n').slice(0, 1500);
	const google = new URL('https://calendar.google.com/calendar/render');
	google.searchParams.set('action', 'TEMPLATE');
	google.searchParams.set('text', event.summary);
	google.searchParams.set('dates', `${compact(event.start)}/${compact(event.end)}`);
	google.searchParams.set('ctz', event.timezone);
	if (details) google.searchParams.set('details', details);
	if (event.location) google.searchParams.set('location', event.location);
	const outlook = new URL('https://outlook.office.com/calendar/0/deeplink/compose');
	outlook.searchParams.set('path', '/calendar/action/compose');
	outlook.searchParams.set('rru', 'addevent');
	outlook.searchParams.set('subject', event.summary);
	outlook.searchParams.set('startdt', event.start.toISOString());
	outlook.searchParams.set('enddt', event.end.toISOString());
	if (details) outlook.searchParams.set('body', details);
	if (event.location) outlook.searchParams.set('location', event.location);
	return { google: google.toString(), outlook: outlook.toString() };
}
