import { z } from 'zod';
import { apiTokenInput, apiTokenOutput, userOutput } from '#lib/features/accounts/api.js';
import { organisationCreateInput, organisationOutput, organisationSettingsInput, territoryInput } from '#lib/features/organisations/api.js';
import { commentCreateInput, commentEditInput, commentListQuery, commentOutput, commentVoteInput } from '#lib/features/comments/api.js';
import { blockOutput, decisionInput, moderationItemOutput, queueQuery, reportInput, reportOutput } from '#lib/features/moderation/api.js';
import { moderationStates } from '#lib/features/moderation/schema.js';
import { amendmentInput, amendmentOutput, answerInput, coauthorInviteInput, invitationAnswer, mergeInput, proposalCreateInput, proposalFields, proposalListQuery, proposalOutput, supportOutput, versionOutput } from '#lib/features/proposals/api.js';
import { phaseInput, phaseOutput, spaceCreateInput, spaceListQuery, spaceMemberInput, spaceOutput, spaceSettingsInput } from '#lib/features/spaces/api.js';
import { errorStatus, type ErrorCode } from './errors.js';
import { pageQuerySchema } from './pagination.js';
import { markReadInput } from '#lib/features/notifications/api.js';
import { documentOperations } from '#lib/features/documents/openapi.js';
import { opendataOperations } from '#lib/features/opendata/openapi.js';
import { chatOperations } from '#lib/features/chat/openapi.js';
import { meetingOperations } from '#lib/features/meetings/openapi.js';
import { voteOperations } from '#lib/features/votes/openapi.js';
import { budgetOperations } from '#lib/features/budgets/openapi.js';
import { streetReportOperations } from '#lib/features/streetreports/openapi.js';
import { publicationOperations } from '#lib/features/publications/openapi.js';

/**
 * Every operation of `/api/v1`, described with the very schemas the routes validate with.
 * A test checks that each `+server.ts` under `src/routes/api/v1` appears here and vice versa.
 */
export interface Operation {
	method: 'get' | 'post' | 'patch' | 'put' | 'delete';
	path: string;
	summary: string;
	tag: string;
	auth: 'public' | 'user';
	query?: z.ZodObject;
	body?: z.ZodType;
	response: { status: number; description: string; schema?: z.ZodType };
	errors: ErrorCode[];
}

const attachmentOutput = z.object({ id: z.uuid(), filename: z.string(), media_type: z.string(), size: z.number().int(), url: z.string() });
const pageOf = (item: z.ZodType) => z.object({ items: z.array(item), next_cursor: z.string().nullable() });
/** Path parameters from the path itself: `{slug}` is a string, every other one a UUID. */
const pathParameters = (path: string) =>
	[...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
		name,
		in: 'path',
		required: true,
		schema: name === 'slug' || name === 'token' || name === 'code' ? { type: 'string' } : { type: 'string', format: 'uuid' }
	}));

const adminLogEntry = z.object({
	id: z.uuid(),
	at: z.iso.datetime(),
	actor: z.union([z.object({ id: z.uuid(), name: z.string().nullable() }), z.object({ label: z.string() })]),
	action: z.string(),
	target: z.object({ type: z.string(), id: z.string().nullable() }),
	details: z.record(z.string(), z.unknown())
});

export const operations: Operation[] = [
	{
		method: 'get', path: '/me', tag: 'Accounts', auth: 'user', summary: 'The caller: id, name, roles and organisations.',
		response: { status: 200, description: 'The authenticated user', schema: userOutput }, errors: ['unauthenticated']
	},
	{
		method: 'get', path: '/tokens', tag: 'Accounts', auth: 'user', summary: 'The caller’s personal API tokens (never the secrets).',
		response: { status: 200, description: 'Tokens', schema: pageOf(apiTokenOutput) }, errors: ['unauthenticated']
	},
	{
		method: 'post', path: '/tokens', tag: 'Accounts', auth: 'user', summary: 'Create a personal API token; the secret is returned once.',
		body: apiTokenInput,
		response: { status: 201, description: 'The token, with its secret in `token`', schema: apiTokenOutput.extend({ token: z.string() }) },
		errors: ['unauthenticated', 'validation_failed', 'invalid_json', 'payload_too_large']
	},
	{
		method: 'delete', path: '/tokens/{id}', tag: 'Accounts', auth: 'user', summary: 'Revoke one of the caller’s tokens.',
		response: { status: 204, description: 'Revoked' }, errors: ['unauthenticated', 'not_found']
	},
	{
		method: 'get', path: '/organisations', tag: 'Organisations', auth: 'public', summary: 'Organisations, by name.',
		query: pageQuerySchema, response: { status: 200, description: 'A page of organisations', schema: pageOf(organisationOutput) },
		errors: ['validation_failed']
	},
	{
		method: 'post', path: '/organisations', tag: 'Organisations', auth: 'user', summary: 'Create an organisation (platform administrators).',
		body: organisationCreateInput, response: { status: 201, description: 'Created', schema: organisationOutput },
		errors: ['unauthenticated', 'forbidden', 'validation_failed', 'conflict', 'invalid_json']
	},
	{
		method: 'get', path: '/organisations/{slug}', tag: 'Organisations', auth: 'public', summary: 'One organisation.',
		response: { status: 200, description: 'The organisation', schema: organisationOutput }, errors: ['not_found']
	},
	{
		method: 'patch', path: '/organisations/{slug}', tag: 'Organisations', auth: 'user',
		summary: 'Change an organisation’s settings (its administrators); fields left out keep their value.',
		body: organisationSettingsInput.partial(), response: { status: 200, description: 'Updated', schema: organisationOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'get', path: '/organisations/{slug}/territory', tag: 'Organisations', auth: 'public',
		summary: 'The organisation’s territory as a GeoJSON Feature (WGS 84, lon/lat).',
		response: { status: 200, description: 'A GeoJSON Feature (application/geo+json)', schema: z.object({ type: z.literal('Feature'), properties: z.object({ slug: z.string(), name: z.string() }), geometry: territoryInput }) },
		errors: ['not_found']
	},
	{
		method: 'put', path: '/organisations/{slug}/territory', tag: 'Organisations', auth: 'user',
		summary: 'Replace the territory (its administrators): a GeoJSON Polygon or MultiPolygon, a Feature, or a one-feature FeatureCollection.',
		body: territoryInput, response: { status: 204, description: 'Saved' },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json', 'payload_too_large']
	},
	{
		method: 'get', path: '/admin-log', tag: 'Administration', auth: 'user', summary: 'The admin log, newest first (platform administrators).',
		query: pageQuerySchema, response: { status: 200, description: 'A page of entries', schema: pageOf(adminLogEntry) },
		errors: ['unauthenticated', 'forbidden', 'validation_failed']
	},
	// ---- Comments and moderation ----
	{
		method: 'get', path: '/comments', tag: 'Comments', auth: 'public',
		summary: 'Comments of a target, oldest first, as a flat list (replies carry `parent_id`); deleted and hidden ones keep their place without content.',
		query: commentListQuery, response: { status: 200, description: 'A page of comments', schema: pageOf(commentOutput) },
		errors: ['validation_failed', 'not_found']
	},
	{
		method: 'post', path: '/comments', tag: 'Comments', auth: 'user',
		summary: 'Comment on a target, or answer a comment (`parentId`), while the space’s active phase allows comments; threads stop at the space’s depth.',
		body: commentCreateInput, response: { status: 201, description: 'The comment', schema: commentOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'invalid_json', 'payload_too_large']
	},
	{
		method: 'patch', path: '/comments/{id}', tag: 'Comments', auth: 'user', summary: 'Edit one’s comment (marked as edited).',
		body: commentEditInput, response: { status: 200, description: 'The comment', schema: commentOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'invalid_json']
	},
	{
		method: 'delete', path: '/comments/{id}', tag: 'Comments', auth: 'user', summary: 'Delete one’s comment; a placeholder keeps its replies in place.',
		response: { status: 204, description: 'Deleted' }, errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'put', path: '/comments/{id}/vote', tag: 'Comments', auth: 'user', summary: 'Vote a comment up or down (one vote per person), or withdraw the vote.',
		body: commentVoteInput,
		response: { status: 200, description: 'The counts', schema: z.object({ id: z.uuid(), up_votes: z.number().int(), down_votes: z.number().int(), my_vote: z.enum(['up', 'down']).nullable() }) },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'invalid_json']
	},
	{
		method: 'post', path: '/reports', tag: 'Moderation', auth: 'user',
		summary: 'Report a comment or a proposal, once per person; after the space’s threshold of distinct reports it is hidden pending review.',
		body: reportInput, response: { status: 201, description: 'Reported', schema: reportOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'invalid_json']
	},
	{
		method: 'get', path: '/moderation', tag: 'Moderation', auth: 'user',
		summary: `The moderators’ queue (${moderationStates.join(', ')}): reported content of the spaces the caller moderates, oldest first.`,
		query: queueQuery, response: { status: 200, description: 'A page of reported content', schema: pageOf(moderationItemOutput) },
		errors: ['unauthenticated', 'validation_failed']
	},
	{
		method: 'post', path: '/moderation/decisions', tag: 'Moderation', auth: 'user', summary: 'Hide, unhide or dismiss the reports of a piece of content (its moderators).',
		body: decisionInput,
		response: { status: 200, description: 'The decision', schema: z.object({ target: z.object({ type: z.string(), id: z.uuid() }), state: z.enum(moderationStates), hidden: z.boolean() }) },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'put', path: '/users/{id}/block', tag: 'Moderation', auth: 'user',
		summary: 'Block a person (platform administrators): sign-in refused, sessions closed, name shown as « Participant bloqué ».',
		response: { status: 200, description: 'Blocked', schema: blockOutput }, errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'delete', path: '/users/{id}/block', tag: 'Moderation', auth: 'user', summary: 'Unblock a person (platform administrators).',
		response: { status: 204, description: 'Unblocked' }, errors: ['unauthenticated', 'forbidden', 'not_found']
	}
];

// ---- Participation: spaces, phases, proposals, supports, amendments, answers (issue 3) ----
operations.push(
	{
		method: 'get', path: '/spaces', tag: 'Participation', auth: 'public', summary: 'Spaces the caller may read (private ones for their members only), newest first.',
		query: spaceListQuery, response: { status: 200, description: 'A page of spaces', schema: pageOf(spaceOutput) }, errors: ['validation_failed']
	},
	{
		method: 'post', path: '/spaces', tag: 'Participation', auth: 'user', summary: 'Create a process (ordered phases, the first active) or a standing group (organisation administrators).',
		body: spaceCreateInput, response: { status: 201, description: 'Created', schema: spaceOutput },
		errors: ['unauthenticated', 'forbidden', 'validation_failed', 'conflict', 'invalid_json']
	},
	{
		method: 'get', path: '/spaces/{slug}', tag: 'Participation', auth: 'public', summary: 'One space with its rules and active phase.',
		response: { status: 200, description: 'The space', schema: spaceOutput }, errors: ['not_found']
	},
	{
		method: 'patch', path: '/spaces/{slug}', tag: 'Participation', auth: 'user', summary: 'Change a space’s title, description, visibility or rules; fields left out keep their value.',
		body: spaceSettingsInput.partial(), response: { status: 200, description: 'Updated', schema: spaceOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'get', path: '/spaces/{slug}/phases', tag: 'Participation', auth: 'public', summary: 'The phases of a space, in order, with what each allows.',
		response: { status: 200, description: 'Phases', schema: pageOf(phaseOutput) }, errors: ['not_found']
	},
	{
		method: 'post', path: '/spaces/{slug}/phases', tag: 'Participation', auth: 'user', summary: 'Add a phase at the end of a process.',
		body: phaseInput, response: { status: 201, description: 'Created', schema: phaseOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'invalid_json']
	},
	{
		method: 'patch', path: '/spaces/{slug}/phases/{id}', tag: 'Participation', auth: 'user', summary: 'Change a phase: title, dates and capabilities.',
		body: phaseInput, response: { status: 200, description: 'Updated', schema: phaseOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'post', path: '/spaces/{slug}/phases/{id}/activate', tag: 'Participation', auth: 'user', summary: 'Start a phase: the previous one ends and the space’s followers are notified.',
		response: { status: 200, description: 'The active phase', schema: phaseOutput }, errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'post', path: '/spaces/{slug}/members', tag: 'Participation', auth: 'user', summary: 'Add a member (or moderator) to a space, by e-mail address of an existing account.',
		body: spaceMemberInput, response: { status: 204, description: 'Added' },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'post', path: '/spaces/{slug}/follow', tag: 'Participation', auth: 'user', summary: 'Follow a space: be notified of new phases and proposals.',
		response: { status: 204, description: 'Following' }, errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'delete', path: '/spaces/{slug}/follow', tag: 'Participation', auth: 'user', summary: 'Stop following a space.',
		response: { status: 204, description: 'Not following' }, errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'get', path: '/spaces/{slug}/proposals', tag: 'Participation', auth: 'public',
		summary: 'Proposals of a space: French full-text search, filters, sorts (random with a stable `seed`), cursor pagination.',
		query: proposalListQuery,
		response: { status: 200, description: 'A page of proposals', schema: pageOf(proposalOutput).extend({ total: z.number().int().nullable().describe('Matching proposals (first page only).'), seed: z.number().int() }) },
		errors: ['not_found', 'validation_failed']
	},
	{
		method: 'post', path: '/spaces/{slug}/proposals', tag: 'Participation', auth: 'user', summary: 'Create a proposal (a draft unless `publish` is true), if the active phase allows proposals.',
		body: proposalCreateInput, response: { status: 201, description: 'Created', schema: proposalOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'invalid_json', 'payload_too_large']
	},
	{
		method: 'post', path: '/spaces/{slug}/proposals/merge', tag: 'Participation', auth: 'user', summary: 'Merge proposals into a new official one (administrators); the originals are marked merged.',
		body: mergeInput, response: { status: 201, description: 'The new proposal', schema: proposalOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'get', path: '/proposals/{id}', tag: 'Participation', auth: 'public', summary: 'One proposal (drafts: their authors only).',
		response: { status: 200, description: 'The proposal', schema: proposalOutput }, errors: ['not_found']
	},
	{
		method: 'patch', path: '/proposals/{id}', tag: 'Participation', auth: 'user', summary: 'Edit a proposal (authors; published ones until the first support or comment).',
		body: proposalFields.partial(), response: { status: 200, description: 'Updated', schema: proposalOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'invalid_json', 'payload_too_large']
	},
	{
		method: 'post', path: '/proposals/{id}/publish', tag: 'Participation', auth: 'user', summary: 'Publish a draft (per-author limit and active phase apply).',
		response: { status: 200, description: 'Published', schema: proposalOutput }, errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict']
	},
	{
		method: 'post', path: '/proposals/{id}/withdraw', tag: 'Participation', auth: 'user', summary: 'Withdraw a published proposal (authors).',
		response: { status: 200, description: 'Withdrawn', schema: proposalOutput }, errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict']
	},
	{
		method: 'post', path: '/proposals/{id}/supports', tag: 'Participation', auth: 'user', summary: 'Support a proposal; 201 when added, 200 when it was already supported.',
		response: { status: 201, description: 'Supported', schema: supportOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict']
	},
	{
		method: 'delete', path: '/proposals/{id}/supports', tag: 'Participation', auth: 'user', summary: 'Withdraw one’s support while the phase allows supports.',
		response: { status: 200, description: 'Not supported', schema: supportOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'post', path: '/proposals/{id}/coauthors', tag: 'Participation', auth: 'user', summary: 'Invite an existing account as co-author (authors).',
		body: coauthorInviteInput, response: { status: 204, description: 'Invited' },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'invalid_json']
	},
	{
		method: 'post', path: '/proposals/{id}/invitation', tag: 'Participation', auth: 'user', summary: 'Accept or decline a co-author invitation.',
		body: invitationAnswer, response: { status: 204, description: 'Answered' }, errors: ['unauthenticated', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'get', path: '/proposals/{id}/amendments', tag: 'Participation', auth: 'public', summary: 'Amendments of a proposal.',
		response: { status: 200, description: 'Amendments', schema: pageOf(amendmentOutput) }, errors: ['not_found']
	},
	{
		method: 'post', path: '/proposals/{id}/amendments', tag: 'Participation', auth: 'user', summary: 'Propose a new text, if the active phase allows amendments.',
		body: amendmentInput, response: { status: 201, description: 'Proposed', schema: amendmentOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'invalid_json', 'payload_too_large']
	},
	{
		method: 'post', path: '/amendments/{id}/accept', tag: 'Participation', auth: 'user', summary: 'Accept an amendment (the proposal’s authors): the proposal takes its text.',
		response: { status: 200, description: 'Accepted', schema: amendmentOutput }, errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict']
	},
	{
		method: 'post', path: '/amendments/{id}/reject', tag: 'Participation', auth: 'user', summary: 'Reject an amendment (the proposal’s authors).',
		response: { status: 200, description: 'Rejected', schema: amendmentOutput }, errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict']
	},
	{
		method: 'post', path: '/amendments/{id}/promote', tag: 'Participation', auth: 'user', summary: 'Publish a rejected amendment as a new proposal (its author).',
		response: { status: 201, description: 'The new proposal', schema: proposalOutput }, errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict']
	},
	{
		method: 'put', path: '/proposals/{id}/answer', tag: 'Participation', auth: 'user', summary: 'Answer a proposal (state, text, cost); `publish: false` holds the answer back.',
		body: answerInput, response: { status: 200, description: 'Answered', schema: proposalOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'invalid_json']
	},
	{
		method: 'post', path: '/proposals/{id}/answer/publish', tag: 'Participation', auth: 'user', summary: 'Publish an answer that was held back; the authors are notified.',
		response: { status: 200, description: 'Published', schema: proposalOutput }, errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict']
	},
	{
		method: 'get', path: '/proposals/{id}/versions', tag: 'Participation', auth: 'public', summary: 'Every saved text of a proposal, oldest first.',
		response: { status: 200, description: 'Versions', schema: pageOf(versionOutput) }, errors: ['not_found']
	},
	{
		method: 'get', path: '/notifications', tag: 'Participation', auth: 'user', summary: 'The caller’s in-app notifications, newest first.',
		query: pageQuerySchema,
		response: {
			status: 200,
			description: 'A page of notifications',
			schema: pageOf(z.object({ id: z.uuid(), kind: z.string(), payload: z.record(z.string(), z.unknown()), read: z.boolean(), created_at: z.string() }))
		},
		errors: ['unauthenticated', 'validation_failed']
	},
	{
		method: 'get', path: '/proposals/{id}/attachments', tag: 'Participation', auth: 'public', summary: 'The images and PDF attached to a proposal, with their download address.',
		response: { status: 200, description: 'Attachments', schema: pageOf(attachmentOutput) }, errors: ['not_found']
	},
	{
		method: 'post', path: '/proposals/{id}/attachments', tag: 'Participation', auth: 'user',
		summary: 'Attach a file (its authors): the request body is the file, `?filename=` names it; JPEG, PNG, GIF, WebP or PDF, detected from the bytes, 900 KB at most, 10 per proposal.',
		response: { status: 201, description: 'Attached', schema: attachmentOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'payload_too_large']
	},
	{
		method: 'delete', path: '/proposals/{id}/attachments/{attachmentId}', tag: 'Participation', auth: 'user', summary: 'Remove an attachment (its authors).',
		response: { status: 204, description: 'Removed' }, errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict']
	},
	{
		method: 'post', path: '/notifications/read', tag: 'Participation', auth: 'user', summary: 'Mark notifications as read (the given ids, or all unread ones).',
		body: markReadInput, response: { status: 204, description: 'Marked' }, errors: ['unauthenticated', 'validation_failed', 'invalid_json']
	}
);
// ---- end of participation operations ----
operations.push(...documentOperations);
operations.push(...opendataOperations);
operations.push(...chatOperations);
operations.push(...meetingOperations);
operations.push(...voteOperations);
operations.push(...budgetOperations);
operations.push(...streetReportOperations);
operations.push(...publicationOperations);

const errorSchema = {
	type: 'object',
	required: ['error'],
	properties: {
		error: {
			type: 'object',
			required: ['code', 'message'],
			properties: {
				code: { type: 'string', enum: Object.keys(errorStatus) },
				message: { type: 'string' },
				fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'One message per invalid field.' }
			}
		}
	}
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

export function openApiDocument(serverUrl: string) {
	const paths: Record<string, Record<string, unknown>> = {};
	for (const op of operations) {
		const parameters: unknown[] = pathParameters(op.path);
		if (op.query) {
			const shape = jsonSchema(op.query, 'input') as { properties?: Record<string, { description?: string }>; required?: string[] };
			for (const [name, schema] of Object.entries(shape.properties ?? {}))
				parameters.push({ name, in: 'query', required: shape.required?.includes(name) ?? false, description: schema.description, schema });
		}
		const responses: Record<string, unknown> = {
			[op.response.status]: {
				description: op.response.description,
				...(op.response.schema ? { content: { 'application/json': { schema: jsonSchema(op.response.schema, 'output') } } } : {})
			}
		};
		for (const code of new Set([...op.errors, 'rate_limited' as const]))
			responses[errorStatus[code]] ??= { description: code, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
		(paths[op.path] ??= {})[op.method] = {
			summary: op.summary,
			tags: [op.tag],
			operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/(^|[/-])(\w)/g, (_, __, c: string) => c.toUpperCase())}`,
			security: op.auth === 'user' ? [{ bearerAuth: [] }, { sessionCookie: [] }] : [],
			...(parameters.length ? { parameters } : {}),
			...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
			responses
		};
	}
	return {
		openapi: '3.1.0',
		info: {
			title: 'Parvis API',
			version: '1.0.0',
			description:
				'Public REST API of Parvis. Errors: `{"error":{"code","message","fields"}}`. Lists: cursor pagination (`cursor`, `limit`, `next_cursor`). Rate limits: `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` headers.',
			license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' }
		},
		servers: [{ url: `${serverUrl}/api/v1` }],
		components: {
			schemas: { Error: errorSchema },
			securitySchemes: {
				bearerAuth: { type: 'http', scheme: 'bearer', description: 'Personal API token (profile page or `npm run parvis -- token:create`).' },
				sessionCookie: { type: 'apiKey', in: 'cookie', name: 'parvis_session', description: 'Browser session; writes need a same-origin `Origin` header.' }
			}
		},
		paths
	};
}
