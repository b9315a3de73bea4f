import { and, asc, count, desc, eq, inArray, max } from 'drizzle-orm';
import { readableSpace, type SpaceAccess } from '#lib/features/spaces/server/spaces.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import { isUuid } from '#lib/server/api/validation.js';
import { recordAdminAction } from '#lib/server/audit/audit.js';
import { recordClosingMoved, ruleChanges } from '#lib/server/audit/rule-changes.js';
import type { Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { ballots, proposals, spaces, voteItems, votes } from '#lib/server/db/schema.js';
import { voteRulesCheck, type VoteCreateInput, type VoteItemInput, type VoteUpdateInput } from '../api.js';

export type Vote = typeof votes.$inferSelect & { spaceSlug: string };
export type VoteItem = typeof voteItems.$inferSelect;
export type VoteStatus = 'upcoming' | 'open' | 'closed';

export interface VoteAccess {
	vote: Vote;
	items: VoteItem[];
	space: SpaceAccess;
	/** Ballots cast so far: once there is one, the rules are locked. */
	ballotCount: number;
}

export const votePath = (vote: Pick<Vote, 'id' | 'spaceSlug'>) => `/spaces/${vote.spaceSlug}/votes/${vote.id}`;

export function voteStatus(vote: Pick<Vote, 'opensAt' | 'closesAt' | 'closedAt'>, now = new Date()): VoteStatus {
	if (vote.closedAt || now.getTime() >= vote.closesAt.getTime()) return 'closed';
	return now.getTime() < vote.opensAt.getTime() ? 'upcoming' : 'open';
}

async function loadVote(db: DbOrTx, id: string, lock?: 'update' | 'share'): Promise<Vote | undefined> {
	const query = db.select({ vote: votes, spaceSlug: spaces.slug }).from(votes).innerJoin(spaces, eq(spaces.id, votes.spaceId)).where(eq(votes.id, id));
	const [row] = lock ? await query.for(lock, { of: votes }) : await query;
	return row && { ...row.vote, spaceSlug: row.spaceSlug };
}

export const itemsOf = (db: DbOrTx, voteId: string) => db.select().from(voteItems).where(eq(voteItems.voteId, voteId)).orderBy(asc(voteItems.position));

export async function ballotCountOf(db: DbOrTx, voteId: string) {
	const [row] = await db.select({ n: count() }).from(ballots).where(eq(ballots.voteId, voteId));
	return row.n;
}

/** The vote if the actor may read its space; anything else is "not found". */
export async function voteOr404(db: DbOrTx, id: string, actor: Actor): Promise<VoteAccess> {
	const vote = isUuid(id) ? await loadVote(db, id.toLowerCase()) : undefined;
	const space = vote && (await readableSpace(db, { id: vote.spaceId }, actor));
	if (!vote || !space) throw new ApiError('not_found', 'error.notFound');
	return { vote, space, items: await itemsOf(db, vote.id), ballotCount: vote.closedTally?.ballots ?? (await ballotCountOf(db, vote.id)) };
}

export async function listVotes(db: DbOrTx, spaceId: string) {
	const rows = await db.select({ vote: votes, spaceSlug: spaces.slug }).from(votes).innerJoin(spaces, eq(spaces.id, votes.spaceId)).where(eq(votes.spaceId, spaceId)).orderBy(desc(votes.opensAt), asc(votes.id));
	return rows.map((row): Vote => ({ ...row.vote, spaceSlug: row.spaceSlug }));
}

function checked(merged: Record<string, unknown>) {
	const result = voteRulesCheck.safeParse(merged);
	if (result.success) return;
	const fields: Record<string, string> = {};
	for (const issue of result.error.issues) fields[issue.path.join('.') || '_'] ??= issue.message;
	throw new ApiError('validation_failed', 'error.validation', fields);
}

/** Item rows for the inputs; proposals must belong to the vote's space (their title is copied). */
async function itemRows(tx: DbOrTx, spaceId: string, voteId: string, inputs: VoteItemInput[], firstPosition: number) {
	const proposalIds = inputs.flatMap((input) => ('proposal_id' in input ? [input.proposal_id] : []));
	const found = proposalIds.length
		? await tx.select({ id: proposals.id, title: proposals.title }).from(proposals).where(and(eq(proposals.spaceId, spaceId), inArray(proposals.id, proposalIds)))
		: [];
	const titles = new Map(found.map((p) => [p.id, p.title]));
	return inputs.map((input, index) => {
		const common = { voteId, position: firstPosition + index, category: input.category ?? null, url: input.url ?? null, costEstimate: input.cost_estimate ?? null };
		if (!('proposal_id' in input)) return { ...common, title: input.title, description: input.description };
		const title = titles.get(input.proposal_id);
		if (!title) throw new ApiError('validation_failed', 'error.validation', { [`items.${index}.proposal_id`]: 'votes.validation.proposal' });
		return { ...common, proposalId: input.proposal_id, title, description: '' };
	});
}

const ruleColumns = (input: VoteUpdateInput) => ({
	...(input.title !== undefined ? { title: input.title } : {}),
	...(input.description !== undefined ? { description: input.description } : {}),
	...(input.points_per_voter !== undefined ? { pointsPerVoter: input.points_per_voter } : {}),
	...(input.ballot_scope !== undefined ? { ballotScope: input.ballot_scope } : {}),
	...(input.must_use_all !== undefined ? { mustUseAll: input.must_use_all } : {}),
	...(input.opens_at !== undefined ? { opensAt: new Date(input.opens_at) } : {}),
	...(input.closes_at !== undefined ? { closesAt: new Date(input.closes_at) } : {}),
	...(input.results_visibility !== undefined ? { resultsVisibility: input.results_visibility } : {}),
	...(input.secrecy !== undefined ? { secrecy: input.secrecy } : {}),
	...(input.funding_rule !== undefined ? { fundingRule: input.funding_rule } : {}),
	...(input.funded_count !== undefined ? { fundedCount: input.funded_count ?? null } : {}),
	...(input.budget !== undefined ? { budget: input.budget ?? null } : {}),
	...(input.tie_break !== undefined ? { tieBreak: input.tie_break } : {})
});

export async function createVote(db: Db, access: SpaceAccess, actor: Actor, input: VoteCreateInput, now = new Date()) {
	assertCan(actor, 'vote.manage', access.resource);
	const id = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(votes)
			.values({ spaceId: access.space.id, ...ruleColumns(input), title: input.title, opensAt: new Date(input.opens_at), closesAt: new Date(input.closes_at), createdBy: actor.userId, createdAt: now, updatedAt: now })
			.returning({ id: votes.id });
		if (input.items.length) await tx.insert(voteItems).values(await itemRows(tx, access.space.id, row.id, input.items, 1));
		return row.id;
	});
	return voteOr404(db, id, actor);
}

const voteInput = (vote: Vote): Record<string, unknown> => ({
	title: vote.title,
	description: vote.description,
	points_per_voter: vote.pointsPerVoter,
	ballot_scope: vote.ballotScope,
	must_use_all: vote.mustUseAll,
	opens_at: vote.opensAt.toISOString(),
	closes_at: vote.closesAt.toISOString(),
	results_visibility: vote.resultsVisibility,
	secrecy: vote.secrecy,
	funding_rule: vote.fundingRule,
	funded_count: vote.fundedCount,
	budget: vote.budget,
	tie_break: vote.tieBreak
});

/**
 * Edits the rules. The vote row is locked (ballots take it in share mode), so the check
 * "no ballot yet" cannot race with a first ballot. After it, only the closing date moves,
 * and the admin log records the move.
 */
export async function updateVote(db: Db, access: VoteAccess, actor: Actor, input: VoteUpdateInput, now = new Date()) {
	assertCan(actor, 'vote.manage', access.space.resource);
	await db.transaction(async (tx) => {
		const current = await loadVote(tx, access.vote.id, 'update');
		if (!current) throw new ApiError('not_found', 'error.notFound');
		if (voteStatus(current, now) === 'closed') throw new ApiError('conflict', 'votes.error.closed');
		const before = voteInput(current);
		const { merged, changed } = ruleChanges(before, input);
		checked(merged);
		if (!changed.length) return;
		if ((await ballotCountOf(tx, current.id)) > 0 && changed.some((key) => key !== 'closes_at')) throw new ApiError('conflict', 'votes.error.rulesLocked');
		await tx.update(votes).set({ ...ruleColumns(input), updatedAt: now }).where(eq(votes.id, current.id));
		if (changed.includes('closes_at')) await recordClosingMoved(tx, actor.userId, { type: 'vote', id: current.id }, current.closesAt, merged.closes_at);
	});
	return voteOr404(db, access.vote.id, actor);
}

/** Adds items; only while no ballot exists (items are part of the rules). */
export async function addItems(db: Db, access: VoteAccess, actor: Actor, inputs: VoteItemInput[], now = new Date()) {
	assertCan(actor, 'vote.manage', access.space.resource);
	await db.transaction(async (tx) => {
		const current = await loadVote(tx, access.vote.id, 'update');
		if (!current) throw new ApiError('not_found', 'error.notFound');
		if (voteStatus(current, now) === 'closed') throw new ApiError('conflict', 'votes.error.closed');
		if ((await ballotCountOf(tx, current.id)) > 0) throw new ApiError('conflict', 'votes.error.rulesLocked');
		const [{ last }] = await tx.select({ last: max(voteItems.position) }).from(voteItems).where(eq(voteItems.voteId, current.id));
		await tx.insert(voteItems).values(await itemRows(tx, access.space.space.id, current.id, inputs, (last ?? 0) + 1));
	});
	return voteOr404(db, access.vote.id, actor);
}

/** Closes the vote now: from then on nothing changes. */
export async function closeVote(db: Db, access: VoteAccess, actor: Actor, now = new Date()) {
	assertCan(actor, 'vote.manage', access.space.resource);
	await db.transaction(async (tx) => {
		const current = await loadVote(tx, access.vote.id, 'update');
		if (!current) throw new ApiError('not_found', 'error.notFound');
		if (voteStatus(current, now) === 'closed') throw new ApiError('conflict', 'votes.error.closed');
		await tx.update(votes).set({ closedAt: now, updatedAt: now }).where(eq(votes.id, current.id));
		await recordAdminAction(tx, { actorId: actor.userId, action: 'vote.closed', targetType: 'vote', targetId: current.id, details: { closes_at: current.closesAt.toISOString() } });
	});
	return voteOr404(db, access.vote.id, actor);
}

/** The vote row, shared-locked: many ballots at once, but never during a rule change or a close. */
export const lockVoteShared = (tx: DbOrTx, id: string) => loadVote(tx, id, 'share');

export function toItemJson(item: VoteItem) {
	return {
		id: item.id,
		position: item.position,
		proposal_id: item.proposalId,
		title: item.title,
		description: item.description,
		category: item.category,
		url: item.url,
		cost_estimate: item.costEstimate
	};
}

export function toVoteJson(access: VoteAccess, siteUrl: string, now = new Date()) {
	const { vote } = access;
	return {
		id: vote.id,
		space: vote.spaceSlug,
		title: vote.title,
		description: vote.description,
		points_per_voter: vote.pointsPerVoter,
		ballot_scope: vote.ballotScope,
		must_use_all: vote.mustUseAll,
		opens_at: vote.opensAt.toISOString(),
		closes_at: (vote.closedAt ?? vote.closesAt).toISOString(),
		results_visibility: vote.resultsVisibility,
		secrecy: vote.secrecy,
		funding_rule: vote.fundingRule,
		funded_count: vote.fundedCount,
		budget: vote.budget,
		tie_break: vote.tieBreak,
		status: voteStatus(vote, now),
		rules_locked: access.ballotCount > 0,
		ballots: access.ballotCount,
		items: access.items.map(toItemJson),
		url: `${siteUrl}${votePath(vote)}`
	};
}

/** Proposals of the space that can be put to a vote (published, being evaluated or accepted). */
export function candidateProposals(db: DbOrTx, spaceId: string) {
	return db
		.select({ id: proposals.id, number: proposals.number, title: proposals.title })
		.from(proposals)
		.where(and(eq(proposals.spaceId, spaceId), inArray(proposals.state, ['published', 'evaluating', 'accepted'])))
		.orderBy(asc(proposals.number));
}
