import { z } from 'zod';
import { pageQuerySchema } from '#lib/server/api/pagination.js';
import { moderationStates, reportReasons } from './schema.js';

/** Content people can report; each has a resolver in server/content.ts (chat_message: features/chat/server/reports.ts). */
export const reportableTypes = ['comment', 'proposal', 'chat_message'] as const;
export type ReportableType = (typeof reportableTypes)[number];

const contentRef = {
	targetType: z.enum(reportableTypes).describe('comment, proposal or chat_message (a reported chat message, see POST /spaces/{slug}/chat/reports).'),
	targetId: z.uuid({ error: 'validation.invalid' })
};

export const reportInput = z.object({
	...contentRef,
	reason: z.enum(reportReasons).describe('spam, offensive, personal_data, off_topic or other.'),
	details: z.string().trim().max(1000).default('').describe('Optional explanation for the moderators.')
});

export const moderationDecisions = ['hide', 'unhide', 'dismiss'] as const;
export type ModerationDecision = (typeof moderationDecisions)[number];

export const decisionInput = z.object({
	...contentRef,
	decision: z.enum(moderationDecisions).describe('hide (keep hidden), unhide (show again), dismiss (reject the reports).')
});

export const queueQuery = pageQuerySchema.extend({
	state: z.enum(moderationStates).default('pending').describe('pending (default: awaiting review), hidden or dismissed.'),
	space: z.string().trim().max(100).optional().describe('Only the content of this space (its slug).')
});

export const reportOutput = z.object({
	target: z.object({ type: z.enum(reportableTypes), id: z.uuid() }),
	report_count: z.number().int(),
	hidden: z.boolean().describe('Whether the content is now hidden pending review.')
});

export const moderationItemOutput = z.object({
	id: z.uuid(),
	target: z.object({ type: z.string(), id: z.uuid() }),
	state: z.enum(moderationStates),
	report_count: z.number().int(),
	reasons: z.record(z.string(), z.number().int()),
	hidden_at: z.iso.datetime().nullable(),
	space: z.object({ id: z.uuid(), slug: z.string() }).nullable(),
	content: z
		.object({ title: z.string(), excerpt: z.string(), url: z.string(), author: z.object({ id: z.uuid(), name: z.string(), blocked: z.boolean() }).nullable() })
		.nullable(),
	created_at: z.iso.datetime()
});

export const blockOutput = z.object({ id: z.uuid(), blocked_at: z.iso.datetime().nullable() });
