import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { withRetry } from '#lib/features/proposals/server/supports.js';
import { ApiError } from '#lib/server/api/errors.js';
import { can, type Actor, type BallotResource } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { ballotAllocations, ballotChanges, ballots, clubMembers, organisations, users, voteItems } from '#lib/server/db/schema.js';
import type { BallotInput } from '../api.js';
import type { AllocationRecord } from '../schema.js';
import { lockVoteShared, voteStatus, type Vote, type VoteAccess } from './votes.js';

/** People who speak for an organisation: its elected officials, agents and administrators. */
export const designatedRoles = ['elected', 'agent', 'admin'] as const;

/** Organisations of the club running the vote that are in good standing (only they vote). */
export async function eligibleOrganisations(db: DbOrTx, clubId: string, among?: string[]) {
	if (among && !among.length) return [];
	const rows = await db
		.select({ id: clubMembers.memberId })
		.from(clubMembers)
		.where(and(eq(clubMembers.clubId, clubId), eq(clubMembers.inGoodStanding, true), among ? inArray(clubMembers.memberId, among) : undefined));
	return rows.map((row) => row.id);
}

/** Whose ballot the actor edits: a person's own, or that of an eligible organisation they speak for. */
export interface Voter {
	organisationId: string | null;
	userId: string | null;
	resource: BallotResource;
}

export async function voterOf(db: DbOrTx, access: VoteAccess, actor: Actor, organisationId?: string): Promise<Voter> {
	const base = { ...access.space.resource, ballotScope: access.vote.ballotScope };
	if (access.vote.ballotScope === 'person') return { organisationId: null, userId: actor.userId, resource: { ...base, voterOrganisationId: null } };
	const spokenFor = actor.memberships.filter((m) => (designatedRoles as readonly string[]).includes(m.role)).map((m) => m.organisationId);
	const eligible = await eligibleOrganisations(db, access.space.space.organisationId, organisationId ? [organisationId] : [...new Set(spokenFor)]);
	if (!organisationId && eligible.length > 1) throw new ApiError('validation_failed', 'votes.error.chooseOrganisation', { organisation_id: 'votes.error.chooseOrganisation' });
	const chosen = organisationId ?? eligible[0] ?? null;
	return { organisationId: chosen, userId: null, resource: { ...base, voterOrganisationId: chosen && eligible.includes(chosen) ? chosen : null } };
}

export function assertMayVote(actor: Actor, voter: Voter) {
	if (can(actor, 'vote.cast', voter.resource)) return;
	if (!actor.userId) throw new ApiError('unauthenticated', 'error.unauthenticated');
	throw new ApiError('forbidden', 'votes.error.notEligible');
}

const ballotOf = (voteId: string, voter: Pick<Voter, 'organisationId' | 'userId'>) =>
	and(eq(ballots.voteId, voteId), voter.organisationId ? eq(ballots.organisationId, voter.organisationId) : eq(ballots.userId, voter.userId!));

/** Refuses what the rules forbid, with the figures in the message. */
function checkAllocations(vote: Vote, itemIds: Set<string>, allocations: BallotInput['allocations']) {
	const seen = new Set<string>();
	allocations.forEach((allocation, index) => {
		if (!itemIds.has(allocation.item_id)) throw new ApiError('validation_failed', 'error.validation', { [`allocations.${index}.item_id`]: 'votes.validation.item' });
		if (seen.has(allocation.item_id)) throw new ApiError('validation_failed', 'error.validation', { [`allocations.${index}.item_id`]: 'votes.validation.duplicate' });
		seen.add(allocation.item_id);
	});
	const total = allocations.reduce((sum, a) => sum + a.points, 0);
	const params = { total, allowance: vote.pointsPerVoter, excess: total - vote.pointsPerVoter };
	if (total > vote.pointsPerVoter) throw new ApiError('validation_failed', 'votes.error.overAllocated', { allocations: 'votes.error.overAllocatedField' }, undefined, params);
	if (vote.mustUseAll && total !== vote.pointsPerVoter) throw new ApiError('validation_failed', 'votes.error.mustUseAll', { allocations: 'votes.error.mustUseAllField' }, undefined, params);
	return total;
}

/**
 * Replaces the whole ballot. The vote row is share-locked (rules and closing cannot change
 * meanwhile) and the ballot row locked for update, so concurrent edits by several delegates of
 * one organisation apply one after the other: the last write wins, and no write is partial.
 */
export async function castBallot(db: Db, access: VoteAccess, actor: Actor, input: BallotInput, now = new Date()) {
	const voter = await voterOf(db, access, actor, input.organisation_id);
	assertMayVote(actor, voter);
	await withRetry(() =>
		db.transaction(async (tx) => {
			const vote = await lockVoteShared(tx, access.vote.id);
			if (!vote) throw new ApiError('not_found', 'error.notFound');
			// A stored tally means the vote is closed, even for a request that began just before its closing time.
			const status = vote.closedTally ? 'closed' : voteStatus(vote, now);
			if (status !== 'open') throw new ApiError('conflict', status === 'closed' ? 'votes.error.closed' : 'votes.error.notOpen');
			const items = await tx.select({ id: voteItems.id }).from(voteItems).where(eq(voteItems.voteId, vote.id));
			const total = checkAllocations(vote, new Set(items.map((item) => item.id)), input.allocations);
			await tx.insert(ballots).values({ voteId: vote.id, organisationId: voter.organisationId, userId: voter.userId, createdAt: now, updatedAt: now }).onConflictDoNothing();
			const [ballot] = await tx.select({ id: ballots.id }).from(ballots).where(ballotOf(vote.id, voter)).for('update');
			const kept = input.allocations.filter((a) => a.points > 0);
			await tx.delete(ballotAllocations).where(eq(ballotAllocations.ballotId, ballot.id));
			if (kept.length) await tx.insert(ballotAllocations).values(kept.map((a) => ({ ballotId: ballot.id, itemId: a.item_id, points: a.points })));
			await tx.update(ballots).set({ total, updatedBy: actor.userId, updatedAt: now }).where(eq(ballots.id, ballot.id));
			const record: AllocationRecord[] = kept.map((a) => ({ itemId: a.item_id, points: a.points }));
			await tx.insert(ballotChanges).values({ ballotId: ballot.id, userId: actor.userId, allocations: record, total, createdAt: now });
		})
	);
	return readBallot(db, access, voter);
}

const HISTORY = 50;

/** The ballot with its latest changes (who, when), as the voting organisation sees it. */
export async function readBallot(db: DbOrTx, access: VoteAccess, voter: Voter) {
	const [ballot] = await db.select().from(ballots).where(ballotOf(access.vote.id, voter));
	const allocations = ballot ? await db.select({ itemId: ballotAllocations.itemId, points: ballotAllocations.points }).from(ballotAllocations).where(eq(ballotAllocations.ballotId, ballot.id)) : [];
	const changes = ballot
		? await db
				.select({ at: ballotChanges.createdAt, by: users.displayName, total: ballotChanges.total, allocations: ballotChanges.allocations })
				.from(ballotChanges)
				.leftJoin(users, eq(users.id, ballotChanges.userId))
				.where(eq(ballotChanges.ballotId, ballot.id))
				.orderBy(desc(ballotChanges.seq))
				.limit(HISTORY)
		: [];
	const order = new Map(access.items.map((item) => [item.id, item.position]));
	const toJson = (list: AllocationRecord[]) =>
		[...list].sort((a, b) => (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0)).map((a) => ({ item_id: a.itemId, points: a.points }));
	const total = ballot?.total ?? 0;
	return {
		vote_id: access.vote.id,
		organisation_id: voter.organisationId,
		allocations: toJson(allocations),
		total,
		points_left: access.vote.pointsPerVoter - total,
		updated_at: ballot?.updatedAt.toISOString() ?? null,
		changes: changes.map((c) => ({ at: c.at.toISOString(), by: c.by ?? null, total: c.total, allocations: toJson(c.allocations) }))
	};
}

/** Whether the actor has a ballot in the vote (theirs or one of an organisation they speak for). */
export async function hasVoted(db: DbOrTx, access: VoteAccess, actor: Actor) {
	if (!actor.userId) return false;
	if (access.vote.ballotScope === 'person') return (await db.select({ id: ballots.id }).from(ballots).where(ballotOf(access.vote.id, { organisationId: null, userId: actor.userId }))).length > 0;
	const spokenFor = actor.memberships.filter((m) => (designatedRoles as readonly string[]).includes(m.role)).map((m) => m.organisationId);
	if (!spokenFor.length) return false;
	const rows = await db.select({ id: ballots.id }).from(ballots).where(and(eq(ballots.voteId, access.vote.id), inArray(ballots.organisationId, spokenFor))).limit(1);
	return rows.length > 0;
}

/** The ballot the actor may edit (their own, or their organisation's), as it stands. */
export async function myBallot(db: DbOrTx, access: VoteAccess, actor: Actor, organisationId?: string) {
	const voter = await voterOf(db, access, actor, organisationId);
	assertMayVote(actor, voter);
	return readBallot(db, access, voter);
}

/** The eligible organisations the actor speaks for, by name (whose ballots they may edit). */
export async function votingOrganisations(db: DbOrTx, access: VoteAccess, actor: Actor) {
	const spokenFor = [...new Set(actor.memberships.filter((m) => (designatedRoles as readonly string[]).includes(m.role)).map((m) => m.organisationId))];
	const eligible = await eligibleOrganisations(db, access.space.space.organisationId, spokenFor);
	if (!eligible.length) return [];
	return db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, eligible)).orderBy(asc(organisations.name));
}
