import { z } from 'zod';
import { pageQuerySchema } from '#lib/server/api/pagination.js';
import { COMMENT_MAX_LENGTH, commentStances } from './schema.js';

/** One schema per input: the comment forms, the API and the OpenAPI document all use these. */

const targetType = z
	.string()
	.trim()
	.regex(/^[a-z_]{1,40}$/, { error: 'validation.invalid' })
	.describe('What is commented: `proposal` (documents, votes, reports and meetings later).');
const targetId = z.uuid({ error: 'validation.invalid' }).describe('Id of the commented thing.');
export const commentBody = z.string().trim().min(1).max(COMMENT_MAX_LENGTH).describe('Markdown (safe subset); `@Name` mentions a person.');
const body = commentBody;

export const commentTargetInput = z.object({ targetType, targetId });

export const commentCreateInput = commentTargetInput.extend({
	body,
	stance: z.enum(commentStances).default('neutral').describe('for, against or neutral.'),
	parentId: z
		.union([z.literal('').transform(() => undefined), z.uuid({ error: 'validation.invalid' })])
		.optional()
		.describe('The comment this one answers, if any.')
});

export const commentEditInput = z.object({ body });

export const commentVoteValues = ['up', 'down', 'none'] as const;
export const commentVoteInput = z.object({
	value: z.enum(commentVoteValues).describe('up, down, or none to withdraw the vote.')
});

export const commentListQuery = pageQuerySchema.extend({
	target_type: targetType,
	target_id: targetId
});

export const commentOutput = z.object({
	id: z.uuid(),
	target: z.object({ type: z.string(), id: z.uuid() }),
	parent_id: z.uuid().nullable(),
	depth: z.number().int().describe('0 for a comment on the target, 1 for a reply, …'),
	state: z.enum(['visible', 'deleted', 'hidden']).describe('Deleted and hidden comments keep their place in the thread, without content.'),
	author: z.object({ id: z.uuid().nullable(), name: z.string(), blocked: z.boolean() }).nullable(),
	body: z.string().nullable().describe('Markdown source (null when deleted or hidden).'),
	body_html: z.string().nullable().describe('Sanitised HTML rendering of the body.'),
	stance: z.enum(commentStances),
	up_votes: z.number().int(),
	down_votes: z.number().int(),
	my_vote: z.enum(['up', 'down']).nullable(),
	created_at: z.iso.datetime(),
	edited_at: z.iso.datetime().nullable(),
	url: z.string()
});
