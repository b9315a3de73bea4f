import { z } from 'zod';
import { meetingModes, meetingStatuses, registrationStatuses } from './schema.js';

const dateTime = z.iso.datetime({ offset: true, error: 'meetings.validation.dateTime' }).describe('ISO 8601 date-time with offset or Z.');
const agendaItem = z.object({ title: z.string().trim().min(1).max(200), description: z.string().trim().max(2000).optional() });
const linkedItem = z.object({
	type: z.string().trim().regex(/^[a-z][a-z_]{1,30}$/, 'validation.invalid').describe('proposal, vote, document…'),
	id: z.string().trim().min(1).max(100),
	title: z.string().trim().max(200).optional()
});

const meetingFields = {
	title: z.string().trim().min(3).max(200),
	description: z.string().trim().max(20_000).default(''),
	mode: z.enum(meetingModes),
	address: z.string().trim().max(300).nullish(),
	longitude: z.coerce.number().min(-180).max(180).nullish(),
	latitude: z.coerce.number().min(-90).max(90).nullish(),
	online_url: z.url({ protocol: /^https?$/, error: 'validation.url' }).max(500).nullish(),
	starts_at: dateTime,
	ends_at: dateTime,
	agenda: z.array(agendaItem).max(50).default([]),
	links: z.array(linkedItem).max(50).default([]),
	registrations_open: z.boolean().default(true),
	places: z.number().int().min(1).max(100_000).nullish().describe('Null or absent: no limit.')
};

type Fields = { mode: string; address?: string | null; online_url?: string | null; starts_at?: string; ends_at?: string; longitude?: number | null; latitude?: number | null };
/** Cross-field rules shared by creation and edition. */
function checkPlace(value: Partial<Fields>, ctx: z.RefinementCtx) {
	if (value.mode && value.mode !== 'online' && !value.address)
		ctx.addIssue({ code: 'custom', path: ['address'], message: 'meetings.validation.address' });
	if (value.mode && value.mode !== 'in_person' && !value.online_url)
		ctx.addIssue({ code: 'custom', path: ['online_url'], message: 'meetings.validation.onlineUrl' });
	if ((value.longitude == null) !== (value.latitude == null))
		ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'meetings.validation.point' });
	if (value.starts_at && value.ends_at && Date.parse(value.ends_at) <= Date.parse(value.starts_at))
		ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'meetings.validation.endsAfter' });
}

export const meetingCreateInput = z.object(meetingFields).superRefine(checkPlace);
export type MeetingCreateInput = z.output<typeof meetingCreateInput>;
/** Every field optional; the merged result is checked again by the domain. */
export const meetingUpdateInput = z.object(meetingFields).partial();
export type MeetingUpdateInput = z.output<typeof meetingUpdateInput>;
export const meetingCheck = z.object(meetingFields).superRefine(checkPlace);

export const meetingCancelInput = z.object({ reason: z.string().trim().max(2000).default('') });
export const meetingCloseInput = z.object({
	minutes: z.string().trim().max(100_000).default(''),
	attendees: z.coerce.number().int().min(0).max(1_000_000),
	outcomes: z.string().trim().max(20_000).default('')
});

export const meetingListQuery = z.object({
	from: z.iso.datetime({ offset: true }).optional().describe('Only meetings ending after this instant.'),
	cursor: z.string().optional().describe('Opaque cursor returned as `next_cursor`.'),
	limit: z.coerce.number().int().min(1).max(100).default(20)
});

export const meetingOutput = z.object({
	id: z.uuid(),
	space: z.string(),
	organisation: z.string(),
	title: z.string(),
	description: z.string(),
	mode: z.enum(meetingModes),
	address: z.string().nullable(),
	longitude: z.number().nullable(),
	latitude: z.number().nullable(),
	online_url: z.string().nullable(),
	starts_at: z.iso.datetime(),
	ends_at: z.iso.datetime(),
	timezone: z.string(),
	agenda: z.array(agendaItem),
	links: z.array(linkedItem),
	status: z.enum(meetingStatuses),
	registrations_open: z.boolean(),
	places: z.number().int().nullable(),
	registered: z.number().int(),
	sequence: z.number().int(),
	minutes: z.string().nullable(),
	attendees: z.number().int().nullable(),
	outcomes: z.string().nullable(),
	url: z.string(),
	calendar_url: z.string()
});

export const registrationOutput = z.object({
	id: z.uuid(),
	meeting_id: z.uuid(),
	status: z.enum(registrationStatuses),
	code: z.string(),
	/** 1-based place on the waiting list, when waiting. */
	waiting_position: z.number().int().nullable()
});

export const calendarFeedOutput = z.object({ url: z.string().describe('Secret URL of the personal feed; shown once.') });
