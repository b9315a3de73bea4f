import { z } from 'zod';
import { ballotScopes, fundingRules, resultsVisibilities, secrecies, tieBreaks } from './schema.js';

const dateTime = z.iso.datetime({ offset: true, error: 'votes.validation.dateTime' }).describe('ISO 8601 date-time with offset or Z.');
const euros = z.number().int().min(0).max(1_000_000_000);

/** An item is either a proposal of the space or created for the vote (title, cost, ticket link…). */
export const voteItemInput = z.union([
	z.object({ proposal_id: z.uuid(), cost_estimate: euros.nullish(), category: z.string().trim().max(100).nullish(), url: z.url({ protocol: /^https?$/, error: 'validation.url' }).max(500).nullish() }),
	z.object({
		title: z.string().trim().min(2).max(200),
		description: z.string().trim().max(5000).default(''),
		category: z.string().trim().max(100).nullish(),
		url: z.url({ protocol: /^https?$/, error: 'validation.url' }).max(500).nullish().describe('Tracker ticket of the request.'),
		cost_estimate: euros.nullish().describe('Whole euros.')
	})
]);
export type VoteItemInput = z.output<typeof voteItemInput>;
export const voteItemsInput = z.object({ items: z.array(voteItemInput).min(1).max(200) });

/** The rules without defaults: an edit changes only what it names. */
const ruleFields = {
	title: z.string().trim().min(3).max(200),
	description: z.string().trim().max(20_000),
	points_per_voter: z.number().int().min(1).max(10_000),
	ballot_scope: z.enum(ballotScopes).describe('One ballot per eligible organisation (club members in good standing) or per person.'),
	must_use_all: z.boolean(),
	opens_at: dateTime,
	closes_at: dateTime,
	results_visibility: z.enum(resultsVisibilities),
	secrecy: z.enum(secrecies),
	funding_rule: z.enum(fundingRules),
	funded_count: z.number().int().min(1).max(1000).nullish().describe('top_n: how many items are funded.'),
	budget: euros.nullish().describe('budget: the envelope in whole euros, filled greedily by rank with the cost estimates.'),
	tie_break: z.enum(tieBreaks)
};
const ruleDefaults = {
	description: ruleFields.description.default(''),
	points_per_voter: ruleFields.points_per_voter.default(100),
	ballot_scope: ruleFields.ballot_scope.default('organisation'),
	must_use_all: ruleFields.must_use_all.default(false),
	results_visibility: ruleFields.results_visibility.default('after_closing'),
	secrecy: ruleFields.secrecy.default('totals_only'),
	funding_rule: ruleFields.funding_rule.default('top_n'),
	tie_break: ruleFields.tie_break.default('more_voters')
};

type Rules = { opens_at?: string; closes_at?: string; funding_rule?: string; funded_count?: number | null; budget?: number | null };
function checkRules(value: Rules, ctx: z.RefinementCtx) {
	if (value.opens_at && value.closes_at && Date.parse(value.closes_at) <= Date.parse(value.opens_at))
		ctx.addIssue({ code: 'custom', path: ['closes_at'], message: 'votes.validation.closesAfter' });
	if (value.funding_rule === 'top_n' && value.funded_count == null)
		ctx.addIssue({ code: 'custom', path: ['funded_count'], message: 'votes.validation.fundedCount' });
	if (value.funding_rule === 'budget' && value.budget == null) ctx.addIssue({ code: 'custom', path: ['budget'], message: 'votes.validation.budget' });
}

export const voteCreateInput = z
	.object({ ...ruleFields, ...ruleDefaults, items: z.array(voteItemInput).max(200).default([]) })
	.superRefine(checkRules);
export type VoteCreateInput = z.output<typeof voteCreateInput>;
/** Any rule before the first ballot; afterwards only `closes_at` (recorded in the admin log). */
export const voteUpdateInput = z.object(ruleFields).partial();
export type VoteUpdateInput = z.output<typeof voteUpdateInput>;
export const voteRulesCheck = z.object(ruleFields).superRefine(checkRules);

export const ballotInput = z.object({
	organisation_id: z.uuid().optional().describe('Organisation ballots: which organisation the caller votes for (needed when they speak for several).'),
	allocations: z
		.array(z.object({ item_id: z.uuid(), points: z.number({ error: 'votes.validation.points' }).int('votes.validation.points').min(0, 'votes.validation.points') }))
		.max(200)
		.describe('The whole ballot: it replaces the previous allocation.')
});
export type BallotInput = z.output<typeof ballotInput>;
export const ballotQuery = z.object({ organisation_id: z.uuid().optional() });

export const pledgeInput = z.object({
	organisation_id: z.uuid().describe('The pledging organisation; the caller speaks for it.'),
	amount: z.number().int().min(1).max(1_000_000_000).describe('Whole euros; replaces the organisation’s previous pledge to the item.')
});
export const pledgeWithdrawQuery = z.object({ organisation_id: z.uuid() });
/** The same inputs as posted by the results page's forms (numbers arrive as text). */
export const pledgeForm = pledgeInput.extend({ item_id: z.uuid(), amount: z.coerce.number().int().min(1).max(1_000_000_000) });
export const withdrawForm = pledgeWithdrawQuery.extend({ item_id: z.uuid() });

export const pledgeStateOutput = z.object({
	item_id: z.uuid(),
	cost_estimate: z.number().int().nullable(),
	pledged: z.number().int(),
	funded: z.boolean().describe('Pledges reached the estimate: they can no longer be withdrawn.'),
	pledges: z.array(z.object({ organisation_id: z.uuid(), organisation: z.string(), amount: z.number().int() }))
});

export const minutesQuery = z.object({ format: z.enum(['md', 'html']).default('md') });

export const voteItemOutput = z.object({
	id: z.uuid(),
	position: z.number().int(),
	proposal_id: z.uuid().nullable(),
	title: z.string(),
	description: z.string(),
	category: z.string().nullable(),
	url: z.string().nullable(),
	cost_estimate: z.number().int().nullable()
});

export const voteOutput = z.object({
	id: z.uuid(),
	space: z.string(),
	title: z.string(),
	description: z.string(),
	points_per_voter: z.number().int(),
	ballot_scope: z.enum(ballotScopes),
	must_use_all: z.boolean(),
	opens_at: z.iso.datetime(),
	closes_at: z.iso.datetime(),
	results_visibility: z.enum(resultsVisibilities),
	secrecy: z.enum(secrecies),
	funding_rule: z.enum(fundingRules),
	funded_count: z.number().int().nullable(),
	budget: z.number().int().nullable(),
	tie_break: z.enum(tieBreaks),
	status: z.enum(['upcoming', 'open', 'closed']),
	rules_locked: z.boolean().describe('True once a ballot exists: only closes_at can still move.'),
	ballots: z.number().int(),
	items: z.array(voteItemOutput),
	url: z.string()
});

const allocationOutput = z.object({ item_id: z.uuid(), points: z.number().int() });
export const ballotOutput = z.object({
	vote_id: z.uuid(),
	organisation_id: z.uuid().nullable(),
	allocations: z.array(allocationOutput),
	total: z.number().int(),
	points_left: z.number().int(),
	updated_at: z.iso.datetime().nullable(),
	changes: z.array(z.object({ at: z.iso.datetime(), by: z.string().nullable(), total: z.number().int(), allocations: z.array(allocationOutput) }))
});

export const pledgeOutput = z.object({ organisation_id: z.uuid(), organisation: z.string(), amount: z.number().int() });
export const resultsOutput = z.object({
	vote_id: z.uuid(),
	title: z.string(),
	status: z.enum(['upcoming', 'open', 'closed']),
	ballots: z.number().int(),
	funding_rule: z.enum(fundingRules),
	budget: z.number().int().nullable(),
	funded_count: z.number().int().nullable(),
	items: z.array(
		z.object({
			item_id: z.uuid(),
			title: z.string(),
			cost_estimate: z.number().int().nullable(),
			points: z.number().int(),
			voters: z.number().int().describe('Ballots giving the item at least one point.'),
			rank: z.number().int(),
			funded: z.boolean(),
			pledged: z.number().int(),
			pledge_funded: z.boolean().describe('Pledges reached the cost estimate.'),
			pledges: z.array(pledgeOutput)
		})
	),
	breakdown: z
		.array(z.object({ voter: z.string(), allocations: z.array(allocationOutput) }))
		.nullable()
		.describe('Who gave what, when the vote publishes it (secrecy public_breakdown); null otherwise.')
});
