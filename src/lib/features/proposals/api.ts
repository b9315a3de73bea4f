import { z } from 'zod';
import { checkbox } from '../spaces/api.js';
import { amendmentStates, proposalStates } from './schema.js';

/** One schema per input: forms, API and OpenAPI share these. */
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const optionalNumber = (min: number, max: number) => z.preprocess(blankToUndefined, z.coerce.number().min(min).max(max).optional());
const optionalUuid = z.preprocess(blankToUndefined, z.uuid({ error: 'validation.invalid' }).optional());

export const proposalTitle = z.string().trim().min(5).max(150);
/** Markdown source; rendered without raw HTML. */
export const proposalBody = z.string().trim().min(15).max(20_000);

/** The fields of a proposal, without the cross-field rule (OpenAPI shows their partial form for PATCH). */
export const proposalFields = z.object({
	title: proposalTitle,
	body: proposalBody,
	categoryId: optionalUuid.describe('A category of the organisation.'),
	longitude: optionalNumber(-180, 180).describe('WGS 84 longitude of the point, with latitude.'),
	latitude: optionalNumber(-90, 90).describe('WGS 84 latitude of the point, with longitude.'),
	address: z.preprocess(blankToUndefined, z.string().trim().max(250).optional())
});

/** A point has both coordinates or none. */
function pointComplete(value: { longitude?: number; latitude?: number }, context: z.RefinementCtx) {
	const given = [value.longitude, value.latitude].filter((n) => n !== undefined).length;
	if (given === 1)
		context.addIssue({ code: 'custom', path: [value.longitude === undefined ? 'longitude' : 'latitude'], message: 'proposal.pointIncomplete' });
}

export const proposalInput = proposalFields.superRefine(pointComplete);

export const proposalCreateInput = proposalFields
	.extend({
		publish: checkbox.default(false).describe('Publish at once instead of saving a draft.'),
		official: checkbox.default(false).describe('Publish in the organisation’s name (its staff and elected officials).')
	})
	.superRefine(pointComplete);

export const proposalSorts = ['recent', 'supported', 'commented', 'random'] as const;
export type ProposalSort = (typeof proposalSorts)[number];
/** States a list can be filtered on; `all` includes withdrawn and merged proposals. */
export const listableStates = ['published', 'evaluating', 'accepted', 'rejected', 'implemented', 'withdrawn', 'merged'] as const;

export const proposalListQuery = z.object({
	q: z.string().trim().max(200).optional().describe('French full-text search (accents and plurals ignored).'),
	state: z.preprocess(blankToUndefined, z.enum([...listableStates, 'all']).optional()).describe('Default: every state but withdrawn and merged.'),
	category: optionalUuid,
	author: optionalUuid.describe('User id of an author.'),
	has_location: z.preprocess(blankToUndefined, z.enum(['true', 'false']).optional()),
	sort: z.preprocess(blankToUndefined, z.enum(proposalSorts).default('recent')),
	seed: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(2_147_483_647).optional()).describe('Seed of the random order: the same seed gives the same order.'),
	cursor: z.string().max(500).optional().describe('Opaque cursor returned as `next_cursor` by the previous page.'),
	limit: z.coerce.number().int().min(1).max(100).default(20).describe('Items per page (1–100, default 20).')
});
export type ProposalListQuery = z.output<typeof proposalListQuery>;

export const coauthorInviteInput = z.object({
	email: z.string().trim().toLowerCase().max(254).pipe(z.email({ error: 'validation.email' }))
});

export const invitationAnswer = z.object({ accept: z.boolean().describe('true: become a co-author; false: decline.') });

export const amendmentInput = z.object({ title: proposalTitle, body: proposalBody });

export const answerStates = ['evaluating', 'accepted', 'rejected', 'implemented'] as const;
export const answerInput = z.object({
	state: z.enum(answerStates),
	customStateId: optionalUuid.describe('A custom state of the organisation, shown instead of the built-in label.'),
	text: z.string().trim().max(10_000).default(''),
	cost: optionalNumber(0, 1e11).describe('Estimated cost in euros.'),
	progress: optionalNumber(0, 100).pipe(z.number().int().optional()).describe('Implementation progress in percent.'),
	publish: checkbox.default(true).describe('Publish the answer now (false: keep it held back).')
});

export const mergeInput = z.object({
	proposalIds: z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(z.uuid()).min(2).max(50)),
	title: proposalTitle,
	body: proposalBody
});

export const customStateInput = z.object({
	label: z.string().trim().min(2).max(60),
	color: z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, { error: 'validation.color' })
});

const person = z.object({ id: z.uuid(), name: z.string() });

export const proposalOutput = z.object({
	id: z.uuid(),
	number: z.number().int(),
	space: z.string(),
	title: z.string(),
	body: z.string().describe('Markdown source.'),
	state: z.enum(proposalStates),
	custom_state: z.object({ label: z.string(), color: z.string() }).nullable(),
	progress: z.number().nullable(),
	official: z.boolean(),
	authors: z.array(person),
	organisation: z.string().nullable().describe('Name of the organisation for official proposals.'),
	category: z.object({ id: z.uuid(), name: z.string() }).nullable(),
	location: z.object({ longitude: z.number(), latitude: z.number(), address: z.string().nullable() }).nullable(),
	answer: z.object({ state: z.string().nullable(), text: z.string().nullable(), cost: z.string().nullable(), published_at: z.string().nullable() }).nullable(),
	merged_into: z.uuid().nullable(),
	supports_count: z.number().int(),
	comments_count: z.number().int(),
	supported: z.boolean().describe('Whether the caller supports it.'),
	published_at: z.string().nullable(),
	updated_at: z.string(),
	url: z.string()
});

export const amendmentOutput = z.object({
	id: z.uuid(),
	proposal_id: z.uuid(),
	author: person,
	title: z.string(),
	body: z.string(),
	state: z.enum(amendmentStates),
	promoted_proposal_id: z.uuid().nullable(),
	created_at: z.string()
});

export const versionOutput = z.object({
	version: z.number().int(),
	title: z.string(),
	body: z.string(),
	reason: z.string(),
	author: person.nullable(),
	created_at: z.string()
});

export const supportOutput = z.object({
	supported: z.boolean(),
	supports_count: z.number().int().describe('Supports that count (see the space’s minimum per participant and threshold).'),
	given_in_space: z.number().int().describe('Supports the caller has given in the space.')
});
