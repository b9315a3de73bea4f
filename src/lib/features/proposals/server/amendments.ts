import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { notifyUsers } from '#lib/features/notifications/server/notifications.js';
import { assertCapability, type SpaceAccess } from '#lib/features/spaces/server/spaces.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import type { Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { amendments, proposalAuthors, proposals, users } from '#lib/server/db/schema.js';
import type { amendmentInput } from '../api.js';
import { createProposal, liveStates, type ProposalAccess } from './proposals.js';
import { lockProposal, writeProposalText } from './text.js';
import { isUuid } from '#lib/server/api/validation.js';

export type Amendment = typeof amendments.$inferSelect;

export function listAmendments(db: DbOrTx, proposalId: string) {
	return db
		.select({ amendment: amendments, authorName: users.displayName })
		.from(amendments)
		.innerJoin(users, eq(users.id, amendments.authorId))
		.where(eq(amendments.proposalId, proposalId))
		.orderBy(asc(amendments.createdAt));
}

export async function findAmendment(db: DbOrTx, id: string) {
	if (!isUuid(id)) return undefined;
	const [row] = await db.select().from(amendments).where(eq(amendments.id, id));
	return row;
}

const proposalUrl = (access: ProposalAccess) => `/spaces/${access.space.slug}/proposals/${access.proposal.number}`;

/** A participant proposes a new text for a published proposal, while the phase allows amendments. */
export async function proposeAmendment(db: Db, actor: Actor, access: ProposalAccess, input: z.output<typeof amendmentInput>, now = new Date()) {
	assertCan(actor, 'space.participate', access.resource);
	if (!['published', 'evaluating'].includes(access.proposal.state)) throw new ApiError('conflict', 'amendment.notAmendable');
	return db.transaction(async (tx) => {
		await assertCapability(tx, access.space, 'amendments');
		const [amendment] = await tx
			.insert(amendments)
			.values({ proposalId: access.proposal.id, authorId: actor.userId!, title: input.title, body: input.body, createdAt: now })
			.returning();
		await notifyUsers(tx, access.resource.authorIds, 'amendment.proposed', { title: access.proposal.title, url: proposalUrl(access) }, { exceptUserIds: [actor.userId] });
		return amendment;
	});
}

async function decide(db: Db, actor: Actor, access: ProposalAccess, amendmentId: string, accept: boolean, now: Date) {
	assertCan(actor, 'amendment.decide', access.resource);
	return db.transaction(async (tx) => {
		await lockProposal(tx, access.proposal.id);
		const [amendment] = await tx
			.update(amendments)
			.set({ state: accept ? 'accepted' : 'rejected', decidedAt: now, decidedBy: actor.userId })
			.where(and(eq(amendments.id, amendmentId), eq(amendments.proposalId, access.proposal.id), eq(amendments.state, 'pending')))
			.returning();
		if (!amendment) throw new ApiError('conflict', 'amendment.notPending');
		if (accept) {
			const [current] = await tx.select({ state: proposals.state }).from(proposals).where(eq(proposals.id, access.proposal.id));
			if (!liveStates.includes(current.state)) throw new ApiError('conflict', 'amendment.notAmendable');
			await writeProposalText(tx, access.proposal.id, amendment, amendment.authorId, 'amendment', now);
			// As in Decidim, the author of an accepted amendment becomes a co-author.
			await tx
				.insert(proposalAuthors)
				.values({ proposalId: access.proposal.id, userId: amendment.authorId, role: 'coauthor', invitedAt: now, acceptedAt: now })
				.onConflictDoNothing();
		}
		await notifyUsers(tx, [amendment.authorId], accept ? 'amendment.accepted' : 'amendment.rejected', { title: access.proposal.title, url: proposalUrl(access) });
		return amendment;
	});
}

/** The authors accept: the proposal takes the amendment's text and the history records it. */
export const acceptAmendment = (db: Db, actor: Actor, access: ProposalAccess, amendmentId: string, now = new Date()) =>
	decide(db, actor, access, amendmentId, true, now);

export const rejectAmendment = (db: Db, actor: Actor, access: ProposalAccess, amendmentId: string, now = new Date()) =>
	decide(db, actor, access, amendmentId, false, now);

/** The author of a rejected amendment turns it into a proposal of its own, published at once. */
export async function promoteAmendment(db: Db, actor: Actor, access: SpaceAccess, amendment: Amendment, now = new Date()) {
	assertCan(actor, 'space.participate', access.resource);
	if (amendment.authorId !== actor.userId) throw new ApiError('forbidden', 'error.forbidden');
	if (amendment.state !== 'rejected') throw new ApiError('conflict', 'amendment.notRejected');
	const proposal = await createProposal(db, actor, access, { title: amendment.title, body: amendment.body, publish: true, official: false }, now);
	const [updated] = await db
		.update(amendments)
		.set({ state: 'promoted', promotedProposalId: proposal.id })
		.where(and(eq(amendments.id, amendment.id), eq(amendments.state, 'rejected')))
		.returning();
	return { amendment: updated, proposal };
}

export function toAmendmentJson(amendment: Amendment, authorName: string) {
	return {
		id: amendment.id,
		proposal_id: amendment.proposalId,
		author: { id: amendment.authorId, name: authorName },
		title: amendment.title,
		body: amendment.body,
		state: amendment.state,
		promoted_proposal_id: amendment.promotedProposalId,
		created_at: amendment.createdAt.toISOString()
	};
}
