import { z } from 'zod';
import { reportReasons } from '../moderation/schema.js';

export const chatSessionInput = z.object({
	device_id: z
		.string()
		.regex(/^PARVIS_[A-Z0-9]{10}$/, { error: 'validation.invalid' })
		.optional()
		.describe('The browser’s Matrix device (PARVIS_ and 10 capitals or digits), kept by the panel; default PARVIS_WEB. Logging in again on a device replaces its token.')
});

export const chatSessionOutput = z.object({
	homeserver_url: z.string().describe('Client-Server API base URL for matrix-js-sdk or any Matrix client.'),
	user_id: z.string().describe('The caller’s Matrix user id, in Parvis’s namespace.'),
	access_token: z.string().describe('Matrix access token of the caller for that device.'),
	device_id: z.string(),
	room_id: z.string().describe('The space’s room; the caller is joined to it.'),
	room_alias: z.string().describe('The room’s alias, to join it from any Matrix client (e.g. via matrix.to).')
});

export const chatReportInput = z.object({
	event_id: z
		.string()
		.trim()
		.regex(/^\$[A-Za-z0-9+/_=.:-]{1,255}$/, { error: 'validation.invalid' })
		.describe('Matrix event id of the message in the space’s room.'),
	reason: z.enum(reportReasons).describe('spam, offensive, personal_data, off_topic or other.'),
	details: z.string().trim().max(1000).default('').describe('Optional explanation for the moderators.')
});

export const chatReportOutput = z.object({
	id: z.uuid().describe('The reported message as the moderators’ queue knows it (target type chat_message).'),
	report_count: z.number().int(),
	hidden: z.boolean().describe('Whether the message is now hidden (redacted in the room).')
});
