import { z } from 'zod';
import { PORTAL_EVENT_TYPES } from '../events/events.js';

const eventType = z.enum(PORTAL_EVENT_TYPES, { error: 'webhooks.validation.eventType' });

export const endpointCreateInput = z.object({
	url: z.url({ protocol: /^https?$/, error: 'validation.url' }).max(500).describe('Receiver address (https in production).'),
	description: z.string().trim().max(300).default(''),
	event_types: z.array(eventType).max(PORTAL_EVENT_TYPES.length).default([]).describe('Empty: every event type.')
});
export const endpointUpdateInput = endpointCreateInput.partial().extend({ enabled: z.boolean().optional().describe('true re-enables an endpoint switched off by a 410.') });

export const endpointOutput = z.object({
	id: z.uuid(),
	url: z.string(),
	description: z.string(),
	event_types: z.array(z.string()),
	enabled: z.boolean(),
	disabled_reason: z.string().nullable(),
	created_at: z.iso.datetime()
});
export const endpointCreatedOutput = endpointOutput.extend({ secret: z.string().describe('whsec_…: shown once, keep it to verify signatures.') });

export const deliveryOutput = z.object({
	id: z.uuid(),
	webhook_id: z.string().describe('The `webhook-id` header of every attempt.'),
	event_type: z.string(),
	status: z.enum(['pending', 'succeeded', 'failed', 'cancelled']),
	attempts: z.number().int(),
	last_response_status: z.number().int().nullable(),
	next_attempt_at: z.iso.datetime().nullable(),
	created_at: z.iso.datetime(),
	succeeded_at: z.iso.datetime().nullable(),
	history: z.array(
		z.object({ attempted_at: z.iso.datetime(), response_status: z.number().int().nullable(), error: z.string().nullable(), next_retry_at: z.iso.datetime().nullable() })
	)
});
