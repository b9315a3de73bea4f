import { and, eq, inArray, sql } from 'drizzle-orm';
import { assertCapability } from '#lib/features/spaces/server/spaces.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import type { Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { proposals, supports } from '#lib/server/db/schema.js';
import { lockParticipant, type ProposalAccess } from './proposals.js';

const supportableStates = ['published', 'evaluating'] as const;

export interface SupportResult {
	supported: boolean;
	/** Whether this call changed anything (a second click is a no-op). */
	changed: boolean;
	supportsCount: number;
	/** Supports the participant has given in the space. */
	given: number;
}

async function givenInSpace(tx: DbOrTx, spaceId: string, userId: string) {
	const [{ count }] = await tx
		.select({ count: sql<number>`count(*)::int` })
		.from(supports)
		.where(and(eq(supports.spaceId, spaceId), eq(supports.userId, userId)));
	return count;
}

async function countOf(tx: DbOrTx, proposalId: string) {
	const [row] = await tx.select({ count: proposals.supportsCount }).from(proposals).where(eq(proposals.id, proposalId));
	return row.count;
}

/** Adds `delta` to the counters of the participant's supported proposals in the space. */
async function shiftAllCounters(tx: DbOrTx, spaceId: string, userId: string, delta: 1 | -1) {
	await tx
		.update(proposals)
		.set({ supportsCount: sql`${proposals.supportsCount} + ${delta}` })
		.where(
			inArray(
				proposals.id,
				tx.select({ id: supports.proposalId }).from(supports).where(and(eq(supports.spaceId, spaceId), eq(supports.userId, userId)))
			)
		);
}

/** Retries a transaction that PostgreSQL aborted to break a deadlock or a serialisation conflict. */
export async function withRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await run();
		} catch (error) {
			const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
			if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error;
		}
	}
}

/**
 * Supports a proposal, exactly once however many times it is clicked in parallel:
 * - the participant's limited actions in the space are serialised by an advisory lock keyed on
 *   (space, participant), so the per-participant limit and minimum are checked on settled counts;
 * - the support row's primary key makes the insert happen once (`on conflict do nothing`), and the
 *   counter moves only when a row was inserted, in the same transaction;
 * - the proposal's row is locked for the threshold check.
 * A participant's supports count once they have given `minimumSupportsPerParticipant`: reaching
 * the minimum adds all of them to the counters at once.
 */
export async function supportProposal(db: Db, actor: Actor, access: ProposalAccess, now = new Date()): Promise<SupportResult> {
	assertCan(actor, 'space.participate', access.resource);
	const { space, proposal } = access;
	const userId = actor.userId!;
	const rules = space.rules;
	return withRetry(() =>
		db.transaction(async (tx) => {
			await assertCapability(tx, space, 'supports');
			await lockParticipant(tx, space.id, userId, 'support');
			const [current] = await tx.select().from(proposals).where(eq(proposals.id, proposal.id)).for('update');
			if (!current || !(supportableStates as readonly string[]).includes(current.state)) throw new ApiError('conflict', 'proposal.notSupportable');
			const [existing] = await tx
				.select({ userId: supports.userId })
				.from(supports)
				.where(and(eq(supports.proposalId, proposal.id), eq(supports.userId, userId)));
			const given = await givenInSpace(tx, space.id, userId);
			if (existing) return { supported: true, changed: false, supportsCount: current.supportsCount, given };
			if (rules.supportsPerParticipant && given >= rules.supportsPerParticipant)
				throw new ApiError('conflict', 'proposal.supportLimit', undefined, undefined, { limit: rules.supportsPerParticipant });
			if (rules.supportThreshold && !rules.countBeyondThreshold && current.supportsCount >= rules.supportThreshold)
				throw new ApiError('conflict', 'proposal.thresholdReached', undefined, undefined, { threshold: rules.supportThreshold });
			const inserted = await tx
				.insert(supports)
				.values({ proposalId: proposal.id, userId, spaceId: space.id, createdAt: now })
				.onConflictDoNothing()
				.returning({ userId: supports.userId });
			if (!inserted.length) return { supported: true, changed: false, supportsCount: current.supportsCount, given };
			const minimum = rules.minimumSupportsPerParticipant;
			const nowGiven = given + 1;
			if (!minimum || nowGiven > minimum)
				await tx.update(proposals).set({ supportsCount: sql`${proposals.supportsCount} + 1` }).where(eq(proposals.id, proposal.id));
			else if (nowGiven === minimum) await shiftAllCounters(tx, space.id, userId, 1);
			return { supported: true, changed: true, supportsCount: await countOf(tx, proposal.id), given: nowGiven };
		})
	);
}

/** Withdraws a support while the phase still allows supporting. */
export async function withdrawSupport(db: Db, actor: Actor, access: ProposalAccess): Promise<SupportResult> {
	assertCan(actor, 'space.participate', access.resource);
	const { space, proposal } = access;
	const userId = actor.userId!;
	const minimum = space.rules.minimumSupportsPerParticipant;
	return withRetry(() =>
		db.transaction(async (tx) => {
			await assertCapability(tx, space, 'supports');
			await lockParticipant(tx, space.id, userId, 'support');
			await tx.select({ id: proposals.id }).from(proposals).where(eq(proposals.id, proposal.id)).for('update');
			const given = await givenInSpace(tx, space.id, userId);
			const [existing] = await tx
				.select({ userId: supports.userId })
				.from(supports)
				.where(and(eq(supports.proposalId, proposal.id), eq(supports.userId, userId)));
			if (!existing) return { supported: false, changed: false, supportsCount: await countOf(tx, proposal.id), given };
			// At the minimum, all the participant's supports count; one fewer and none of them does.
			if (minimum && given === minimum) await shiftAllCounters(tx, space.id, userId, -1);
			else if (!minimum || given > minimum)
				await tx.update(proposals).set({ supportsCount: sql`${proposals.supportsCount} - 1` }).where(eq(proposals.id, proposal.id));
			await tx.delete(supports).where(and(eq(supports.proposalId, proposal.id), eq(supports.userId, userId)));
			return { supported: false, changed: true, supportsCount: await countOf(tx, proposal.id), given: given - 1 };
		})
	);
}
