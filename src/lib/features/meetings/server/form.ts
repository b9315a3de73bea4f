import { formInstant, instantToWallClock } from './time.js';
import type { Meeting } from './meetings.js';

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * The meeting form (new and edit pages) as the API's input: times typed on the organisation's wall
 * clock become instants, the agenda is one item per line, empty fields become null.
 * Linked items are not edited in the form.
 */
export function meetingFormInput(values: Record<string, unknown>, zone: string) {
	const instant = (name: string) => formInstant(values[name], zone);
	return {
		title: values.title,
		description: text(values.description) ?? '',
		mode: values.mode,
		address: text(values.address) ?? null,
		online_url: text(values.online_url) ?? null,
		longitude: text(values.longitude) ?? null,
		latitude: text(values.latitude) ?? null,
		starts_at: instant('starts_at'),
		ends_at: instant('ends_at'),
		agenda: (text(values.agenda) ?? '')
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean)
			.map((title) => ({ title })),
		registrations_open: values.registrations_open === 'on',
		places: text(values.places) ? Number(values.places) : null
	};
}

/** A meeting as the form's fields show it (the inverse of `meetingFormInput`). */
export function meetingFormValues(meeting: Meeting): Record<string, string> {
	return {
		title: meeting.title,
		description: meeting.description,
		mode: meeting.mode,
		address: meeting.address ?? '',
		online_url: meeting.onlineUrl ?? '',
		longitude: meeting.longitude === null ? '' : String(meeting.longitude),
		latitude: meeting.latitude === null ? '' : String(meeting.latitude),
		starts_at: instantToWallClock(meeting.startsAt, meeting.timezone),
		ends_at: instantToWallClock(meeting.endsAt, meeting.timezone),
		agenda: meeting.agenda.map((item) => item.title).join('\n'),
		registrations_open: meeting.registrationsOpen ? 'on' : '',
		places: meeting.places === null ? '' : String(meeting.places)
	};
}
