import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { organisations } from '../organisations/schema.js';
import { proposals } from '../proposals/schema.js';
import { spaces } from '../spaces/schema.js';

/** One ballot per eligible organisation (users' clubs) or per eligible person. */
export const ballotScopes = ['organisation', 'person'] as const;
export type BallotScope = (typeof ballotScopes)[number];
/** live: always; after_voting: once the voter's ballot exists; after_closing: once the vote is closed. */
export const resultsVisibilities = ['live', 'after_voting', 'after_closing'] as const;
export type ResultsVisibility = (typeof resultsVisibilities)[number];
/** public_breakdown: who gave what is published with the results; totals_only: only the totals. */
export const secrecies = ['public_breakdown', 'totals_only'] as const;
export type Secrecy = (typeof secrecies)[number];
/** top_n: the first N items by rank; budget: items filled greedily by rank while their cost estimate fits. */
export const fundingRules = ['top_n', 'budget'] as const;
export type FundingRule = (typeof fundingRules)[number];
/** Order between items with the same points: more voters first, cheaper first, or the item order. */
export const tieBreaks = ['more_voters', 'lower_cost', 'item_order'] as const;
export type TieBreak = (typeof tieBreaks)[number];

/** Ballots and, per item id, its points and voters: the final count of a closed vote. */
export interface ClosedTally {
	ballots: number;
	items: Record<string, { points: number; voters: number }>;
}

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const votes = pgTable(
	'votes',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		spaceId: uuid('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		pointsPerVoter: integer('points_per_voter').notNull().default(100),
		ballotScope: text('ballot_scope', { enum: ballotScopes }).notNull().default('organisation'),
		mustUseAll: boolean('must_use_all').notNull().default(false),
		opensAt: at('opens_at').notNull(),
		closesAt: at('closes_at').notNull(),
		resultsVisibility: text('results_visibility', { enum: resultsVisibilities }).notNull().default('after_closing'),
		secrecy: text('secrecy', { enum: secrecies }).notNull().default('totals_only'),
		fundingRule: text('funding_rule', { enum: fundingRules }).notNull().default('top_n'),
		/** top_n: how many items are funded. */
		fundedCount: integer('funded_count'),
		/** budget: the envelope, in whole euros. */
		budget: integer('budget'),
		tieBreak: text('tie_break', { enum: tieBreaks }).notNull().default('more_voters'),
		/** Set when an organiser closes the vote before its closing date. */
		closedAt: at('closed_at'),
		/** The tally of the closed vote, written by the first results read after closing (it never changes). */
		closedTally: jsonb('closed_tally').$type<ClosedTally>(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: at('created_at').notNull().defaultNow(),
		updatedAt: at('updated_at').notNull().defaultNow()
	},
	(t) => [index('votes_space_idx').on(t.spaceId, t.opensAt)]
);

/** What points are given to: a proposal of the space, or an item created for the vote. */
export const voteItems = pgTable(
	'vote_items',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		voteId: uuid('vote_id')
			.notNull()
			.references(() => votes.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		proposalId: uuid('proposal_id').references(() => proposals.id, { onDelete: 'set null' }),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		category: text('category'),
		/** Link to the tracker ticket of a feature request. */
		url: text('url'),
		/** Whole euros; used by the budget funding rule and by co-funding pledges. */
		costEstimate: integer('cost_estimate'),
		/** Set when pledges reach the estimate: from then on pledges can no longer be withdrawn. */
		pledgeFundedAt: at('pledge_funded_at')
	},
	(t) => [uniqueIndex('vote_items_position_unique').on(t.voteId, t.position)]
);

export const ballots = pgTable(
	'ballots',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		voteId: uuid('vote_id')
			.notNull()
			.references(() => votes.id, { onDelete: 'cascade' }),
		/** Organisation ballots: the voting organisation. */
		organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
		/** Person ballots: the voter. */
		userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
		total: integer('total').notNull().default(0),
		updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: at('created_at').notNull().defaultNow(),
		updatedAt: at('updated_at').notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('ballots_organisation_unique').on(t.voteId, t.organisationId),
		uniqueIndex('ballots_person_unique').on(t.voteId, t.userId)
	]
);

/** The points of a ballot, only the non-zero ones; replaced as a whole on every edit. */
export const ballotAllocations = pgTable(
	'ballot_allocations',
	{
		ballotId: uuid('ballot_id')
			.notNull()
			.references(() => ballots.id, { onDelete: 'cascade' }),
		itemId: uuid('item_id')
			.notNull()
			.references(() => voteItems.id, { onDelete: 'cascade' }),
		points: integer('points').notNull()
	},
	(t) => [primaryKey({ columns: [t.ballotId, t.itemId] }), index('ballot_allocations_item_idx').on(t.itemId)]
);

export interface AllocationRecord {
	itemId: string;
	points: number;
}

/** Every edit of a ballot (who, when, what), for the voting organisation to see. */
export const ballotChanges = pgTable(
	'ballot_changes',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		ballotId: uuid('ballot_id')
			.notNull()
			.references(() => ballots.id, { onDelete: 'cascade' }),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		allocations: jsonb('allocations').$type<AllocationRecord[]>().notNull(),
		total: integer('total').notNull(),
		createdAt: at('created_at').notNull().defaultNow(),
		/** Insertion order: edits of one ballot are serialised by its row lock, so this is their order (clocks of concurrent requests are not). */
		seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull()
	},
	(t) => [index('ballot_changes_ballot_idx').on(t.ballotId, t.seq)]
);

/** An organisation's co-funding pledge to an item, in whole euros; one per organisation and item. */
export const pledges = pgTable(
	'pledges',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		itemId: uuid('item_id')
			.notNull()
			.references(() => voteItems.id, { onDelete: 'cascade' }),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		amount: integer('amount').notNull(),
		pledgedBy: uuid('pledged_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: at('created_at').notNull().defaultNow(),
		updatedAt: at('updated_at').notNull().defaultNow()
	},
	(t) => [uniqueIndex('pledges_item_organisation_unique').on(t.itemId, t.organisationId)]
);
