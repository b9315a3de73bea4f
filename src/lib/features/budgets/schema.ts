import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { organisations } from '../organisations/schema.js';
import { proposals } from '../proposals/schema.js';
import { spaces } from '../spaces/schema.js';

/**
 * The one basket rule of a budget, besides never going over the total:
 * `minimum_share`: the basket must spend at least `minSharePercent` % of the total;
 * `project_count`: the basket holds between `minProjects` and `maxProjects` projects.
 */
export const budgetRules = ['minimum_share', 'project_count'] as const;
export type BudgetRule = (typeof budgetRules)[number];

/**
 * Who may vote, always among signed-in people with a verified e-mail address:
 * `any`: every such account; `account_age`: accounts older than `minAccountAgeDays` days;
 * `residents`: people who declare, at checkout, a postal code in `residentPostalCodes`.
 */
export const budgetEligibilities = ['any', 'account_age', 'residents'] as const;
export type BudgetEligibility = (typeof budgetEligibilities)[number];

/** Amounts are whole euros everywhere (budget, costs, totals). */
export const budgets = pgTable(
	'budgets',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		spaceId: uuid('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		totalAmount: integer('total_amount').notNull(),
		rule: text('rule', { enum: budgetRules }).notNull(),
		minSharePercent: integer('min_share_percent'),
		minProjects: integer('min_projects'),
		maxProjects: integer('max_projects'),
		eligibility: text('eligibility', { enum: budgetEligibilities }).notNull().default('any'),
		minAccountAgeDays: integer('min_account_age_days'),
		residentPostalCodes: jsonb('resident_postal_codes').$type<string[]>().notNull().default([]),
		opensAt: timestamp('opens_at', { withTimezone: true, precision: 3 }).notNull(),
		closesAt: timestamp('closes_at', { withTimezone: true, precision: 3 }).notNull(),
		/** Set when the organisers close the vote (early or at the end); results are final from then on. */
		closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('budgets_space_idx').on(t.spaceId, t.createdAt), check('budgets_total_positive', sql`${t.totalAmount} > 0`)]
);

export const budgetProjects = pgTable(
	'budget_projects',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		budgetId: uuid('budget_id')
			.notNull()
			.references(() => budgets.id, { onDelete: 'cascade' }),
		/** Position in the list, and the short id in Pabulib exports. */
		number: integer('number').notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		cost: integer('cost').notNull(),
		proposalId: uuid('proposal_id').references(() => proposals.id, { onDelete: 'set null' }),
		longitude: doublePrecision('longitude'),
		latitude: doublePrecision('latitude'),
		/** Where the project would be, in words (optional, with or without a map point). */
		address: text('address'),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('budget_projects_number_unique').on(t.budgetId, t.number), check('budget_projects_cost_positive', sql`${t.cost} > 0`)]
);

/**
 * A person's basket, then vote once checked out. One per person and budget (unique), and every
 * change locks this row, so parallel checkouts by one person count once.
 */
export const budgetOrders = pgTable(
	'budget_orders',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		budgetId: uuid('budget_id')
			.notNull()
			.references(() => budgets.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Null: still a basket. Set: the vote counts. Cancelling sets it back to null. */
		checkedOutAt: timestamp('checked_out_at', { withTimezone: true, precision: 3 }),
		/** Declared at checkout when the budget is for residents. */
		postalCode: text('postal_code'),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('budget_orders_person_unique').on(t.budgetId, t.userId),
		index('budget_orders_checked_out_idx').on(t.budgetId).where(sql`${t.checkedOutAt} is not null`)
	]
);

export const budgetOrderLines = pgTable(
	'budget_order_lines',
	{
		orderId: uuid('order_id')
			.notNull()
			.references(() => budgetOrders.id, { onDelete: 'cascade' }),
		projectId: uuid('project_id')
			.notNull()
			.references(() => budgetProjects.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('budget_order_lines_unique').on(t.orderId, t.projectId), index('budget_order_lines_project_idx').on(t.projectId)]
);

/** Counted paper ballots per project, entered or imported by an agent; the last entry replaces the count. */
export const budgetPaperVotes = pgTable(
	'budget_paper_votes',
	{
		projectId: uuid('project_id')
			.primaryKey()
			.references(() => budgetProjects.id, { onDelete: 'cascade' }),
		budgetId: uuid('budget_id')
			.notNull()
			.references(() => budgets.id, { onDelete: 'cascade' }),
		votes: integer('votes').notNull(),
		enteredBy: uuid('entered_by').references(() => users.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('budget_paper_votes_budget_idx').on(t.budgetId), check('budget_paper_votes_non_negative', sql`${t.votes} >= 0`)]
);
