import type { Operation } from '#lib/server/api/openapi.js';
import { chatReportInput, chatReportOutput, chatSessionInput, chatSessionOutput } from './api.js';

/** The chat's operations; 404 `chat.disabled` when no Matrix homeserver is configured. */
export const chatOperations: Operation[] = [
	{
		method: 'post', path: '/spaces/{slug}/chat/session', tag: 'Chat', auth: 'user',
		summary: 'A Matrix access token for the caller and the space’s room (the account and the room membership are created on first use): no second login. The body is optional.',
		body: chatSessionInput,
		response: { status: 200, description: 'Credentials for matrix-js-sdk or any Matrix client', schema: chatSessionOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json', 'rate_limited', 'service_unavailable']
	},
	{
		method: 'post', path: '/spaces/{slug}/chat/reports', tag: 'Chat', auth: 'user',
		summary: 'Report a message of the space’s room to the space’s moderators (it joins the moderation queue as target type chat_message).',
		body: chatReportInput, response: { status: 201, description: 'Reported', schema: chatReportOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'invalid_json', 'service_unavailable']
	}
];
