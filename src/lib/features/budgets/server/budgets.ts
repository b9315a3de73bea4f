import { and, asc, eq, gt, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { readableSpace, type SpaceAccess } from '#lib/features/spaces/server/spaces.js';
import { ApiError } from '#lib/server/api/errors.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { isUuid } from '#lib/server/api/validation.js';
import { recordAdminAction } from '#lib/server/audit/audit.js';
import { recordClosingMoved, ruleChanges } from '#lib/server/audit/rule-changes.js';
import { can, type Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { budgetOrderLines, budgetOrders, budgetPaperVotes, budgetProjects, budgets, organisations, proposals, spaces, users } from '#lib/server/db/schema.js';
import { budgetSettingsCheck, projectPointCheck, type BudgetCreateInput, type BudgetUpdateInput, type PaperVotesInput, type ProjectInput, type ProjectUpdateInput } from '../api.js';

export type Budget = typeof budgets.$inferSelect & { spaceSlug: string; organisationSlug: string; organisationName: string };
export type BudgetProject = typeof budgetProjects.$inferSelect;
export type BudgetStatus = 'upcoming' | 'open' | 'closed';

export interface BudgetAccess {
	budget: Budget;
	space: SpaceAccess;
}

const budgetColumns = { budget: budgets, spaceSlug: spaces.slug, organisationSlug: organisations.slug, organisationName: organisations.name };
const joined = (db: DbOrTx) =>
	db.select(budgetColumns).from(budgets).innerJoin(spaces, eq(spaces.id, budgets.spaceId)).innerJoin(organisations, eq(organisations.id, budgets.organisationId));
const flatten = (row: { budget: typeof budgets.$inferSelect; spaceSlug: string; organisationSlug: string; organisationName: string }): Budget => ({
	...row.budget,
	spaceSlug: row.spaceSlug,
	organisationSlug: row.organisationSlug,
	organisationName: row.organisationName
});

export const budgetPath = (budget: Pick<Budget, 'id' | 'spaceSlug'>) => `/spaces/${budget.spaceSlug}/budgets/${budget.id}`;

/** Closed once the organisers close it or its window ends; results are public from then on. */
export function budgetStatus(budget: Pick<Budget, 'opensAt' | 'closesAt' | 'closedAt'>, now = new Date()): BudgetStatus {
	if (budget.closedAt || now.getTime() >= budget.closesAt.getTime()) return 'closed';
	return now.getTime() < budget.opensAt.getTime() ? 'upcoming' : 'open';
}

/** The budget if the actor may read its space; anything else is "not found". */
export async function budgetOr404(db: DbOrTx, id: string, actor: Actor): Promise<BudgetAccess> {
	const [row] = isUuid(id) ? await joined(db).where(eq(budgets.id, id)) : [];
	const space = row && (await readableSpace(db, { id: row.budget.spaceId }, actor));
	if (!row || !space) throw new ApiError('not_found', 'error.notFound');
	return { budget: flatten(row), space };
}

export async function listBudgets(db: DbOrTx, spaceId: string): Promise<Budget[]> {
	return (await joined(db).where(eq(budgets.spaceId, spaceId)).orderBy(asc(budgets.createdAt), asc(budgets.id))).map(flatten);
}

export function listProjects(db: DbOrTx, budgetId: string): Promise<BudgetProject[]> {
	return db.select().from(budgetProjects).where(eq(budgetProjects.budgetId, budgetId)).orderBy(asc(budgetProjects.number));
}

/** The columns of complete settings; parameters of a rule or eligibility not chosen are cleared. */
const settingColumns = (input: BudgetCreateInput) => ({
	title: input.title,
	description: input.description,
	totalAmount: input.total_amount,
	rule: input.rule,
	minSharePercent: input.rule === 'minimum_share' ? (input.min_share_percent ?? null) : null,
	minProjects: input.rule === 'project_count' ? (input.min_projects ?? null) : null,
	maxProjects: input.rule === 'project_count' ? (input.max_projects ?? null) : null,
	eligibility: input.eligibility,
	minAccountAgeDays: input.eligibility === 'account_age' ? (input.min_account_age_days ?? null) : null,
	residentPostalCodes: input.eligibility === 'residents' ? [...new Set(input.resident_postal_codes)] : [],
	opensAt: new Date(input.opens_at),
	closesAt: new Date(input.closes_at)
});

export async function createBudget(db: Db, access: SpaceAccess, actor: Actor, input: BudgetCreateInput, now = new Date()) {
	assertCan(actor, 'budget.manage', access.resource);
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(budgets)
			.values({ organisationId: access.space.organisationId, spaceId: access.space.id, ...settingColumns(input), createdBy: actor.userId, createdAt: now, updatedAt: now })
			.returning({ id: budgets.id });
		await recordAdminAction(tx, { actorId: actor.userId, action: 'budget.create', targetType: 'budget', targetId: row.id, details: { title: input.title, total: input.total_amount, rule: input.rule } });
		return flatten((await joined(tx).where(eq(budgets.id, row.id)))[0]);
	});
}

/** Budget rows are shared-locked by votes and updated by closing: a close waits for checkouts in flight. */
async function lockBudgetShared(tx: DbOrTx, id: string): Promise<Budget> {
	await tx.select({ id: budgets.id }).from(budgets).where(eq(budgets.id, id)).for('share');
	const [row] = await joined(tx).where(eq(budgets.id, id));
	if (!row) throw new ApiError('not_found', 'error.notFound');
	return flatten(row);
}

/** Whether anybody has voted: a checked-out basket or counted paper votes. From then on the settings and projects are locked. */
export async function hasVotes(tx: DbOrTx, budgetId: string) {
	const [online] = await tx.select({ id: budgetOrders.id }).from(budgetOrders).where(and(eq(budgetOrders.budgetId, budgetId), isNotNull(budgetOrders.checkedOutAt))).limit(1);
	if (online) return true;
	const [paper] = await tx.select({ id: budgetPaperVotes.projectId }).from(budgetPaperVotes).where(and(eq(budgetPaperVotes.budgetId, budgetId), gt(budgetPaperVotes.votes, 0))).limit(1);
	return Boolean(paper);
}

/** The settings as the API names them (also the input an edit is merged into). */
export const settingsOf = (budget: Budget) => ({
	title: budget.title,
	description: budget.description,
	total_amount: budget.totalAmount,
	rule: budget.rule,
	min_share_percent: budget.minSharePercent,
	min_projects: budget.minProjects,
	max_projects: budget.maxProjects,
	eligibility: budget.eligibility,
	min_account_age_days: budget.minAccountAgeDays,
	resident_postal_codes: budget.residentPostalCodes,
	opens_at: budget.opensAt.toISOString(),
	closes_at: budget.closesAt.toISOString()
});

function checkedSettings(merged: BudgetCreateInput) {
	const result = budgetSettingsCheck.safeParse(merged);
	if (result.success) return;
	const fields: Record<string, string> = {};
	for (const issue of result.error.issues) fields[issue.path.join('.') || '_'] ??= issue.message;
	throw new ApiError('validation_failed', 'error.validation', fields);
}

/**
 * Edits the settings. The budget row is locked for update (votes take it in share mode), so
 * "nobody has voted yet" cannot race with a first checkout. Once somebody has voted, only the
 * closing date moves; every move of the closing date goes to the admin log.
 */
export async function updateBudget(db: Db, access: BudgetAccess, actor: Actor, input: BudgetUpdateInput, now = new Date()): Promise<Budget> {
	assertCan(actor, 'budget.manage', access.space.resource);
	return db.transaction(async (tx) => {
		const current = await lockBudgetForUpdate(tx, access.budget.id);
		if (budgetStatus(current, now) === 'closed') throw new ApiError('conflict', 'budgets.error.closed');
		const before = settingsOf(current);
		const { merged, changed } = ruleChanges<BudgetCreateInput>(before, input);
		checkedSettings(merged);
		if (!changed.length) return current;
		if (changed.some((key) => key !== 'closes_at') && (await hasVotes(tx, current.id))) throw new ApiError('conflict', 'budgets.error.settingsLocked');
		await tx.update(budgets).set({ ...settingColumns(merged), updatedAt: now }).where(eq(budgets.id, current.id));
		if (changed.includes('closes_at')) await recordClosingMoved(tx, actor.userId, { type: 'budget', id: current.id }, current.closesAt, merged.closes_at);
		return flatten((await joined(tx).where(eq(budgets.id, current.id)))[0]);
	});
}

/** The budget locked for a change of its project list: refused once closed or once somebody has voted. */
async function lockProjectList(tx: DbOrTx, budgetId: string, now: Date) {
	const budget = await lockBudgetForUpdate(tx, budgetId);
	if (budgetStatus(budget, now) === 'closed') throw new ApiError('conflict', 'budgets.error.closed');
	if (await hasVotes(tx, budget.id)) throw new ApiError('conflict', 'budgets.error.votesExist');
	return budget;
}

async function checkProposal(tx: DbOrTx, budget: Budget, proposalId: string | null | undefined) {
	if (!proposalId) return;
	const [proposal] = await tx.select({ spaceId: proposals.spaceId }).from(proposals).where(eq(proposals.id, proposalId));
	if (proposal?.spaceId !== budget.spaceId) throw new ApiError('validation_failed', 'error.validation', { proposal_id: 'budgets.validation.proposal' });
}

/** The proposals a project may come from: the space's published ones (not drafts), by number. */
export function proposalChoices(db: DbOrTx, spaceId: string) {
	return db
		.select({ id: proposals.id, number: proposals.number, title: proposals.title })
		.from(proposals)
		.where(and(eq(proposals.spaceId, spaceId), ne(proposals.state, 'draft')))
		.orderBy(asc(proposals.number))
		.limit(500);
}

/** Number and title of the proposals projects come from (a link on each project). */
export async function linkedProposals(db: DbOrTx, projects: Pick<BudgetProject, 'proposalId'>[]) {
	const ids = [...new Set(projects.map((p) => p.proposalId).filter((id): id is string => id !== null))];
	if (!ids.length) return new Map<string, { number: number; title: string }>();
	const rows = await db.select({ id: proposals.id, number: proposals.number, title: proposals.title, state: proposals.state }).from(proposals).where(inArray(proposals.id, ids));
	return new Map(rows.filter((r) => r.state !== 'draft').map((r) => [r.id, { number: r.number, title: r.title }]));
}

/** Edits a project while nobody has voted (its cost and title are what people choose). */
export async function updateProject(db: Db, access: BudgetAccess, actor: Actor, projectId: string, input: ProjectUpdateInput, now = new Date()) {
	assertCan(actor, 'budget.manage', access.space.resource);
	return db.transaction(async (tx) => {
		const budget = await lockProjectList(tx, access.budget.id, now);
		const project = await projectOf(tx, budget.id, projectId);
		const point = {
			longitude: input.longitude !== undefined ? input.longitude : project.longitude,
			latitude: input.latitude !== undefined ? input.latitude : project.latitude
		};
		const pointCheck = projectPointCheck.safeParse(point);
		if (!pointCheck.success) throw new ApiError('validation_failed', 'error.validation', { latitude: 'budgets.validation.point' });
		await checkProposal(tx, budget, input.proposal_id);
		const [updated] = await tx
			.update(budgetProjects)
			.set({
				...(input.title !== undefined ? { title: input.title } : {}),
				...(input.description !== undefined ? { description: input.description } : {}),
				...(input.cost !== undefined ? { cost: input.cost } : {}),
				...(input.proposal_id !== undefined ? { proposalId: input.proposal_id ?? null } : {}),
				...(input.address !== undefined ? { address: input.address || null } : {}),
				longitude: point.longitude ?? null,
				latitude: point.latitude ?? null
			})
			.where(eq(budgetProjects.id, project.id))
			.returning();
		return updated;
	});
}

/** Deletes a project while nobody has voted; it leaves the baskets it was in. Numbers of the others stay. */
export async function deleteProject(db: Db, access: BudgetAccess, actor: Actor, projectId: string, now = new Date()) {
	assertCan(actor, 'budget.manage', access.space.resource);
	await db.transaction(async (tx) => {
		const budget = await lockProjectList(tx, access.budget.id, now);
		const project = await projectOf(tx, budget.id, projectId);
		await tx.delete(budgetProjects).where(eq(budgetProjects.id, project.id));
	});
}

/** Adds a project; the list is frozen once someone has voted (costs and titles are what people chose). */
export async function addProject(db: Db, access: BudgetAccess, actor: Actor, input: ProjectInput, now = new Date()) {
	assertCan(actor, 'budget.manage', access.space.resource);
	return db.transaction(async (tx) => {
		const budget = await lockProjectList(tx, access.budget.id, now);
		await checkProposal(tx, budget, input.proposal_id);
		const [{ next }] = await tx
			.select({ next: sql<number>`coalesce(max(${budgetProjects.number}), 0)::int + 1` })
			.from(budgetProjects)
			.where(eq(budgetProjects.budgetId, budget.id));
		const [project] = await tx
			.insert(budgetProjects)
			.values({
				budgetId: budget.id,
				number: next,
				title: input.title,
				description: input.description,
				cost: input.cost,
				proposalId: input.proposal_id ?? null,
				longitude: input.longitude ?? null,
				latitude: input.latitude ?? null,
				address: input.address || null,
				createdAt: now
			})
			.returning();
		return project;
	});
}

async function lockBudgetForUpdate(tx: DbOrTx, id: string): Promise<Budget> {
	await tx.select({ id: budgets.id }).from(budgets).where(eq(budgets.id, id)).for('update');
	const [row] = await joined(tx).where(eq(budgets.id, id));
	if (!row) throw new ApiError('not_found', 'error.notFound');
	return flatten(row);
}

/** Closes the vote now; results become public and final. Closing twice changes nothing. */
export async function closeBudget(db: Db, access: BudgetAccess, actor: Actor, now = new Date()) {
	assertCan(actor, 'budget.manage', access.space.resource);
	return db.transaction(async (tx) => {
		const budget = await lockBudgetForUpdate(tx, access.budget.id);
		if (budget.closedAt) return budget;
		const closedAt = now.getTime() < budget.closesAt.getTime() ? now : budget.closesAt;
		await tx.update(budgets).set({ closedAt, updatedAt: now }).where(eq(budgets.id, budget.id));
		await recordAdminAction(tx, { actorId: actor.userId, action: 'budget.close', targetType: 'budget', targetId: budget.id, details: { closedAt: closedAt.toISOString() } });
		return { ...budget, closedAt };
	});
}

// Baskets and votes

export interface Basket {
	budgetId: string;
	projectIds: string[];
	spent: number;
	checkedOutAt: Date | null;
}

async function basketLines(tx: DbOrTx, orderId: string) {
	return tx
		.select({ id: budgetProjects.id, cost: budgetProjects.cost })
		.from(budgetOrderLines)
		.innerJoin(budgetProjects, eq(budgetProjects.id, budgetOrderLines.projectId))
		.where(eq(budgetOrderLines.orderId, orderId))
		.orderBy(asc(budgetProjects.number));
}

async function basketFrom(tx: DbOrTx, order: { id: string; budgetId: string; checkedOutAt: Date | null }): Promise<Basket> {
	const lines = await basketLines(tx, order.id);
	return { budgetId: order.budgetId, projectIds: lines.map((l) => l.id), spent: lines.reduce((sum, l) => sum + l.cost, 0), checkedOutAt: order.checkedOutAt };
}

/** The actor's basket (empty when they have not started one). */
export async function basketOf(db: DbOrTx, budgetId: string, userId: string): Promise<Basket> {
	const [order] = await db.select().from(budgetOrders).where(and(eq(budgetOrders.budgetId, budgetId), eq(budgetOrders.userId, userId)));
	return order ? basketFrom(db, order) : { budgetId, projectIds: [], spent: 0, checkedOutAt: null };
}

/**
 * The person's order row, created if needed, locked until the transaction ends: every change to
 * one person's basket or vote goes one at a time, so parallel checkouts count once.
 */
async function lockOrder(tx: DbOrTx, budgetId: string, userId: string) {
	await tx.insert(budgetOrders).values({ budgetId, userId }).onConflictDoNothing();
	const [order] = await tx
		.select()
		.from(budgetOrders)
		.where(and(eq(budgetOrders.budgetId, budgetId), eq(budgetOrders.userId, userId)))
		.for('update');
	return order;
}

function assertOpen(budget: Budget, now: Date) {
	const status = budgetStatus(budget, now);
	if (status === 'closed') throw new ApiError('conflict', 'budgets.error.closed');
	if (status === 'upcoming') throw new ApiError('conflict', 'budgets.error.notOpenYet');
}

const DAY = 86_400_000;

/** The organisation's eligibility rule for this budget; the postal code is only asked at checkout. */
async function assertEligible(tx: DbOrTx, budget: Budget, userId: string, now: Date, postalCode?: string | null) {
	const [person] = await tx.select({ verifiedAt: users.emailVerifiedAt, createdAt: users.createdAt, blockedAt: users.blockedAt }).from(users).where(eq(users.id, userId));
	if (!person || person.blockedAt) throw new ApiError('forbidden', 'error.forbidden');
	if (!person.verifiedAt) throw new ApiError('forbidden', 'budgets.error.unverified');
	if (budget.eligibility === 'account_age' && budget.minAccountAgeDays != null && now.getTime() - person.createdAt.getTime() < budget.minAccountAgeDays * DAY)
		throw new ApiError('forbidden', 'budgets.error.accountTooRecent', undefined, undefined, { days: budget.minAccountAgeDays });
	if (budget.eligibility === 'residents' && postalCode !== undefined) {
		if (!postalCode) throw new ApiError('validation_failed', 'budgets.error.postalCodeRequired', { postal_code: 'validation.required' });
		if (!budget.residentPostalCodes.includes(postalCode))
			throw new ApiError('forbidden', 'budgets.error.notResident', undefined, undefined, { codes: budget.residentPostalCodes.join(', ') });
	}
}

/** What stops this basket from being checked out, or null when it meets the budget's rule. */
export function basketRefusal(budget: Pick<Budget, 'totalAmount' | 'rule' | 'minSharePercent' | 'minProjects' | 'maxProjects'>, spent: number, projects: number): ApiError | null {
	const refuse = (key: string, params: Record<string, number>) => new ApiError('validation_failed', key, { basket: `${key}Field` }, undefined, params);
	if (projects === 0) return refuse('budgets.error.empty', {});
	if (spent > budget.totalAmount) return refuse('budgets.error.overBudget', { spent, total: budget.totalAmount });
	if (budget.rule === 'minimum_share' && budget.minSharePercent != null) {
		const required = Math.ceil((budget.totalAmount * budget.minSharePercent) / 100);
		if (spent < required) return refuse('budgets.error.minimumShare', { spent, required, percent: budget.minSharePercent, total: budget.totalAmount });
	}
	if (budget.rule === 'project_count') {
		if (budget.minProjects != null && projects < budget.minProjects) return refuse('budgets.error.tooFewProjects', { count: projects, min: budget.minProjects });
		if (budget.maxProjects != null && projects > budget.maxProjects) return refuse('budgets.error.tooManyProjects', { count: projects, max: budget.maxProjects });
	}
	return null;
}

async function projectOf(tx: DbOrTx, budgetId: string, projectId: string) {
	const [project] = await tx.select().from(budgetProjects).where(and(eq(budgetProjects.id, projectId), eq(budgetProjects.budgetId, budgetId)));
	if (!project) throw new ApiError('not_found', 'budgets.error.unknownProject');
	return project;
}

/** Puts a project in the basket; refused when it would go over the total or the maximum number of projects. */
export async function addToBasket(db: Db, access: BudgetAccess, actor: Actor, projectId: string, now = new Date()): Promise<Basket> {
	assertCan(actor, 'budget.vote', access.space.resource);
	const userId = actor.userId!;
	return db.transaction(async (tx) => {
		const budget = await lockBudgetShared(tx, access.budget.id);
		assertOpen(budget, now);
		await assertEligible(tx, budget, userId, now);
		const project = await projectOf(tx, budget.id, projectId);
		const order = await lockOrder(tx, budget.id, userId);
		if (order.checkedOutAt) throw new ApiError('conflict', 'budgets.error.alreadyVoted');
		const basket = await basketFrom(tx, order);
		if (basket.projectIds.includes(project.id)) return basket;
		const remaining = budget.totalAmount - basket.spent;
		if (project.cost > remaining)
			throw new ApiError('validation_failed', 'budgets.error.projectOverBudget', { project_id: 'budgets.error.projectOverBudgetField' }, undefined, {
				title: project.title,
				cost: project.cost,
				remaining,
				total: budget.totalAmount
			});
		if (budget.rule === 'project_count' && budget.maxProjects != null && basket.projectIds.length + 1 > budget.maxProjects)
			throw new ApiError('validation_failed', 'budgets.error.tooManyProjects', { project_id: 'budgets.error.tooManyProjectsField' }, undefined, {
				count: basket.projectIds.length + 1,
				max: budget.maxProjects
			});
		await tx.insert(budgetOrderLines).values({ orderId: order.id, projectId: project.id, createdAt: now }).onConflictDoNothing();
		await tx.update(budgetOrders).set({ updatedAt: now }).where(eq(budgetOrders.id, order.id));
		return basketFrom(tx, order);
	});
}

export async function removeFromBasket(db: Db, access: BudgetAccess, actor: Actor, projectId: string, now = new Date()): Promise<Basket> {
	assertCan(actor, 'budget.vote', access.space.resource);
	const userId = actor.userId!;
	return db.transaction(async (tx) => {
		const budget = await lockBudgetShared(tx, access.budget.id);
		assertOpen(budget, now);
		const project = await projectOf(tx, budget.id, projectId);
		const order = await lockOrder(tx, budget.id, userId);
		if (order.checkedOutAt) throw new ApiError('conflict', 'budgets.error.alreadyVoted');
		await tx.delete(budgetOrderLines).where(and(eq(budgetOrderLines.orderId, order.id), eq(budgetOrderLines.projectId, project.id)));
		await tx.update(budgetOrders).set({ updatedAt: now }).where(eq(budgetOrders.id, order.id));
		return basketFrom(tx, order);
	});
}

/**
 * Checks the basket out: the vote counts from now on. Validated again here against the rule and
 * the eligibility; checking out an already checked-out basket returns it unchanged (`created: false`).
 */
export async function checkout(db: Db, access: BudgetAccess, actor: Actor, postalCode: string | undefined, now = new Date()) {
	assertCan(actor, 'budget.vote', access.space.resource);
	const userId = actor.userId!;
	return db.transaction(async (tx) => {
		const budget = await lockBudgetShared(tx, access.budget.id);
		assertOpen(budget, now);
		const order = await lockOrder(tx, budget.id, userId);
		if (order.checkedOutAt) return { basket: await basketFrom(tx, order), created: false };
		await assertEligible(tx, budget, userId, now, budget.eligibility === 'residents' ? (postalCode ?? null) : undefined);
		const basket = await basketFrom(tx, order);
		const refusal = basketRefusal(budget, basket.spent, basket.projectIds.length);
		if (refusal) throw refusal;
		await tx
			.update(budgetOrders)
			.set({ checkedOutAt: now, postalCode: budget.eligibility === 'residents' ? (postalCode ?? null) : null, updatedAt: now })
			.where(eq(budgetOrders.id, order.id));
		return { basket: { ...basket, checkedOutAt: now }, created: true };
	});
}

/** Withdraws the vote while the vote is open; the basket stays, to be changed and checked out again. */
export async function cancelVote(db: Db, access: BudgetAccess, actor: Actor, now = new Date()): Promise<Basket> {
	assertCan(actor, 'budget.vote', access.space.resource);
	const userId = actor.userId!;
	return db.transaction(async (tx) => {
		const budget = await lockBudgetShared(tx, access.budget.id);
		const [existing] = await tx.select({ id: budgetOrders.id }).from(budgetOrders).where(and(eq(budgetOrders.budgetId, budget.id), eq(budgetOrders.userId, userId)));
		if (!existing) throw new ApiError('not_found', 'budgets.error.noVote');
		const order = await lockOrder(tx, budget.id, userId);
		if (!order.checkedOutAt) throw new ApiError('not_found', 'budgets.error.noVote');
		assertOpen(budget, now);
		await tx.update(budgetOrders).set({ checkedOutAt: null, postalCode: null, updatedAt: now }).where(eq(budgetOrders.id, order.id));
		return basketFrom(tx, { ...order, checkedOutAt: null });
	});
}

// Paper ballots

/** Sets the counted paper votes of the listed projects (each count replaces the previous one). */
export async function enterPaperVotes(db: Db, access: BudgetAccess, actor: Actor, counts: PaperVotesInput['counts'], now = new Date()) {
	assertCan(actor, 'budget.enterPaperVotes', access.space.resource);
	return db.transaction(async (tx) => {
		// Share lock: the project list cannot change (edit, deletion) while the counts go in.
		await lockBudgetShared(tx, access.budget.id);
		const projects = new Set((await listProjects(tx, access.budget.id)).map((p) => p.id));
		const unknown = counts.findIndex((c) => !projects.has(c.project_id));
		if (unknown >= 0) throw new ApiError('validation_failed', 'error.validation', { [`counts.${unknown}.project_id`]: 'budgets.error.unknownProject' });
		for (const count of counts)
			await tx
				.insert(budgetPaperVotes)
				.values({ projectId: count.project_id, budgetId: access.budget.id, votes: count.votes, enteredBy: actor.userId, updatedAt: now })
				.onConflictDoUpdate({ target: budgetPaperVotes.projectId, set: { votes: count.votes, enteredBy: actor.userId, updatedAt: now } });
		await recordAdminAction(tx, {
			actorId: actor.userId,
			action: 'budget.paperVotes',
			targetType: 'budget',
			targetId: access.budget.id,
			details: { counts: counts.map((c) => [c.project_id, c.votes]) }
		});
	});
}

// Results

export interface ProjectResult {
	id: string;
	number: number;
	title: string;
	cost: number;
	onlineVotes: number;
	paperVotes: number;
	votes: number;
	rank: number;
	selected: boolean;
	longitude: number | null;
	latitude: number | null;
}

export interface Results {
	budget: Budget;
	projects: ProjectResult[];
	selectedTotal: number;
	voters: number;
	paperVotes: number;
}

/**
 * Greedy selection, as Paris, Madrid and Decidim do: by votes (online + paper), most first; a
 * project is selected when it still fits in what is left of the budget, otherwise skipped and the
 * next one is tried. Ties go to the cheaper project, then the lower number. No votes, no selection.
 */
export function selectProjects<T extends { cost: number; votes: number; number: number }>(total: number, projects: T[]): (T & { rank: number; selected: boolean })[] {
	const ranked = [...projects].sort((a, b) => b.votes - a.votes || a.cost - b.cost || a.number - b.number);
	let left = total;
	return ranked.map((project, index) => {
		const selected = project.votes > 0 && project.cost <= left;
		if (selected) left -= project.cost;
		return { ...project, rank: index + 1, selected };
	});
}

/** Results may be read by everyone once the vote is closed, by organisers and agents at any time. */
export function mayReadResults(access: BudgetAccess, actor: Actor, now = new Date()) {
	return budgetStatus(access.budget, now) === 'closed' || can(actor, 'budget.manage', access.space.resource) || can(actor, 'budget.enterPaperVotes', access.space.resource);
}

/** The results for this actor, or a refusal while they are not public yet. */
export async function readableResults(db: DbOrTx, access: BudgetAccess, actor: Actor, now = new Date()): Promise<Results> {
	if (!mayReadResults(access, actor, now)) throw new ApiError('conflict', 'budgets.error.resultsNotYet');
	return budgetResults(db, access.budget);
}

export async function budgetResults(db: DbOrTx, budget: Budget): Promise<Results> {
	const online = db
		.select({ projectId: budgetOrderLines.projectId, onlineVotes: sql<number>`count(*)::int`.as('online_votes') })
		.from(budgetOrderLines)
		.innerJoin(budgetOrders, eq(budgetOrders.id, budgetOrderLines.orderId))
		.where(and(eq(budgetOrders.budgetId, budget.id), isNotNull(budgetOrders.checkedOutAt)))
		.groupBy(budgetOrderLines.projectId)
		.as('online');
	const rows = await db
		.select({
			project: budgetProjects,
			onlineVotes: sql<number>`coalesce(${online.onlineVotes}, 0)::int`,
			paperVotes: sql<number>`coalesce(${budgetPaperVotes.votes}, 0)::int`
		})
		.from(budgetProjects)
		.leftJoin(online, eq(online.projectId, budgetProjects.id))
		.leftJoin(budgetPaperVotes, eq(budgetPaperVotes.projectId, budgetProjects.id))
		.where(eq(budgetProjects.budgetId, budget.id));
	const [{ voters }] = await db
		.select({ voters: sql<number>`count(*)::int` })
		.from(budgetOrders)
		.where(and(eq(budgetOrders.budgetId, budget.id), isNotNull(budgetOrders.checkedOutAt)));
	const projects = selectProjects(
		budget.totalAmount,
		rows.map(({ project: p, onlineVotes, paperVotes }) => ({
			id: p.id,
			number: p.number,
			title: p.title,
			cost: p.cost,
			onlineVotes,
			paperVotes,
			votes: onlineVotes + paperVotes,
			longitude: p.longitude,
			latitude: p.latitude
		}))
	);
	return {
		budget,
		projects,
		selectedTotal: projects.filter((p) => p.selected).reduce((sum, p) => sum + p.cost, 0),
		voters,
		paperVotes: projects.reduce((sum, p) => sum + p.paperVotes, 0)
	};
}

/** The checked-out ballots, anonymised: project numbers only, in checkout order (for Pabulib's VOTES). */
export async function* ballots(db: DbOrTx, budgetId: string): AsyncGenerator<number[]> {
	const PAGE = 1000;
	for (let offset = 0; ; offset += PAGE) {
		const rows = await db
			.select({ projects: sql<number[]>`array_agg(${budgetProjects.number} order by ${budgetProjects.number})` })
			.from(budgetOrders)
			.innerJoin(budgetOrderLines, eq(budgetOrderLines.orderId, budgetOrders.id))
			.innerJoin(budgetProjects, eq(budgetProjects.id, budgetOrderLines.projectId))
			.where(and(eq(budgetOrders.budgetId, budgetId), isNotNull(budgetOrders.checkedOutAt)))
			.groupBy(budgetOrders.id, budgetOrders.checkedOutAt)
			.orderBy(asc(budgetOrders.checkedOutAt), asc(budgetOrders.id))
			.limit(PAGE)
			.offset(offset);
		for (const row of rows) yield row.projects.map(Number);
		if (rows.length < PAGE) return;
	}
}

// JSON shapes

export function toBudgetJson(budget: Budget, origin: string, now = new Date()) {
	return {
		id: budget.id,
		space: budget.spaceSlug,
		organisation: budget.organisationSlug,
		...settingsOf(budget),
		closed_at: budget.closedAt?.toISOString() ?? null,
		status: budgetStatus(budget, now),
		url: `${origin}${budgetPath(budget)}`
	};
}

export function toProjectJson(project: BudgetProject) {
	return {
		id: project.id,
		number: project.number,
		title: project.title,
		description: project.description,
		cost: project.cost,
		proposal_id: project.proposalId,
		longitude: project.longitude,
		latitude: project.latitude,
		address: project.address
	};
}

export function toBasketJson(budget: Budget, basket: Basket) {
	return {
		budget_id: budget.id,
		project_ids: basket.projectIds,
		spent: basket.spent,
		remaining: budget.totalAmount - basket.spent,
		projects: basket.projectIds.length,
		checked_out: basket.checkedOutAt !== null,
		checked_out_at: basket.checkedOutAt?.toISOString() ?? null,
		can_check_out: basket.checkedOutAt === null && basketRefusal(budget, basket.spent, basket.projectIds.length) === null
	};
}

export function toResultsJson(results: Results) {
	return {
		budget_id: results.budget.id,
		total_amount: results.budget.totalAmount,
		selected_total: results.selectedTotal,
		voters: results.voters,
		paper_votes: results.paperVotes,
		projects: results.projects.map((p) => ({
			id: p.id,
			number: p.number,
			title: p.title,
			cost: p.cost,
			online_votes: p.onlineVotes,
			paper_votes: p.paperVotes,
			votes: p.votes,
			rank: p.rank,
			selected: p.selected
		}))
	};
}
