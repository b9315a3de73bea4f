import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { ApiError } from '#lib/server/api/errors.js';
import { can, type Actor, type PledgeResource } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { organisations, pledges, voteItems } from '#lib/server/db/schema.js';
import { eligibleOrganisations } from './ballots.js';
import type { VoteAccess, VoteItem } from './votes.js';

export interface ItemPledges {
	total: number;
	/** Pledges reached the cost estimate. */
	funded: boolean;
	pledges: { organisation_id: string; organisation: string; amount: number }[];
}

export async function pledgesOf(db: DbOrTx, items: Pick<VoteItem, 'id' | 'pledgeFundedAt'>[]): Promise<Map<string, ItemPledges>> {
	const result = new Map<string, ItemPledges>(items.map((item) => [item.id, { total: 0, funded: item.pledgeFundedAt !== null, pledges: [] }]));
	if (!items.length) return result;
	const rows = await db
		.select({ itemId: pledges.itemId, organisationId: pledges.organisationId, organisation: organisations.name, amount: pledges.amount })
		.from(pledges)
		.innerJoin(organisations, eq(organisations.id, pledges.organisationId))
		.where(inArray(pledges.itemId, items.map((item) => item.id)))
		.orderBy(asc(organisations.name));
	for (const row of rows) {
		const entry = result.get(row.itemId)!;
		entry.total += row.amount;
		entry.pledges.push({ organisation_id: row.organisationId, organisation: row.organisation, amount: row.amount });
	}
	return result;
}

/** Member organisations of the club pledge, through the people who speak for them. */
async function pledgeResource(db: DbOrTx, access: VoteAccess, organisationId: string): Promise<PledgeResource> {
	const [member] = await eligibleOrganisations(db, access.space.space.organisationId, [organisationId]);
	return { ...access.space.resource, pledgerOrganisationId: member ?? null };
}

function assertMayPledge(actor: Actor, resource: PledgeResource) {
	if (can(actor, 'pledge.make', resource)) return;
	if (!actor.userId) throw new ApiError('unauthenticated', 'error.unauthenticated');
	throw new ApiError('forbidden', 'votes.error.notPledger');
}

/** The item row locked: pledges to one item are added up one at a time, so "funded" is exact. */
async function lockItem(tx: DbOrTx, access: VoteAccess, itemId: string) {
	const [item] = await tx.select().from(voteItems).where(and(eq(voteItems.id, itemId), eq(voteItems.voteId, access.vote.id))).for('update');
	if (!item) throw new ApiError('not_found', 'error.notFound');
	if (item.pledgeFundedAt) throw new ApiError('conflict', 'votes.error.pledgesFunded');
	return item;
}

/** Pledges (or changes the pledge of) an organisation; the item is funded once pledges reach its estimate. */
export async function pledge(db: Db, access: VoteAccess, actor: Actor, itemId: string, input: { organisation_id: string; amount: number }, now = new Date()) {
	assertMayPledge(actor, await pledgeResource(db, access, input.organisation_id));
	await db.transaction(async (tx) => {
		const item = await lockItem(tx, access, itemId);
		if (item.costEstimate == null) throw new ApiError('conflict', 'votes.error.noEstimate');
		await tx
			.insert(pledges)
			.values({ itemId, organisationId: input.organisation_id, amount: input.amount, pledgedBy: actor.userId, createdAt: now, updatedAt: now })
			.onConflictDoUpdate({ target: [pledges.itemId, pledges.organisationId], set: { amount: input.amount, pledgedBy: actor.userId, updatedAt: now } });
		const [{ total }] = await tx.select({ total: sql<number>`coalesce(sum(${pledges.amount}), 0)::int` }).from(pledges).where(eq(pledges.itemId, itemId));
		if (total >= item.costEstimate) await tx.update(voteItems).set({ pledgeFundedAt: now }).where(eq(voteItems.id, itemId));
	});
	return pledgeState(db, itemId);
}

/** An item's pledges as the API returns them. */
export async function pledgeState(db: DbOrTx, itemId: string) {
	const [item] = await db.select().from(voteItems).where(eq(voteItems.id, itemId));
	const state = (await pledgesOf(db, [item])).get(itemId)!;
	return { item_id: itemId, cost_estimate: item.costEstimate, pledged: state.total, funded: state.funded, pledges: state.pledges };
}

/** Withdraws an organisation's pledge, only while the item is not funded. */
export async function withdrawPledge(db: Db, access: VoteAccess, actor: Actor, itemId: string, organisationId: string) {
	assertMayPledge(actor, await pledgeResource(db, access, organisationId));
	await db.transaction(async (tx) => {
		await lockItem(tx, access, itemId);
		const removed = await tx.delete(pledges).where(and(eq(pledges.itemId, itemId), eq(pledges.organisationId, organisationId))).returning({ id: pledges.id });
		if (!removed.length) throw new ApiError('not_found', 'error.notFound');
	});
}
