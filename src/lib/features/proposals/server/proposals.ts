import { emitEvent } from '#lib/server/events/events.js';
import { and, asc, desc, eq, inArray, isNotNull, isNull, notInArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { findUserByEmail } from '#lib/features/accounts/server/accounts.js';
import { follow, notifyFollowers, notifyUsers } from '#lib/features/notifications/server/notifications.js';
import { assertCapability, type Space, type SpaceAccess } from '#lib/features/spaces/server/spaces.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '#lib/server/api/pagination.js';
import { recordAdminAction } from '#lib/server/audit/audit.js';
import { can, type Actor, type AuthoredResource } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { categories, customProposalStates, proposalAuthors, proposals, spaces, supports, users } from '#lib/server/db/schema.js';
import type { answerInput, customStateInput, mergeInput, proposalCreateInput, proposalInput, ProposalListQuery } from '../api.js';
import type { ProposalState } from '../schema.js';
import { lockProposal, searchQueryOf, textChanged, writeProposalText } from './text.js';
import { isUuid } from '#lib/server/api/validation.js';

export type Proposal = typeof proposals.$inferSelect;

/** A proposal as one actor sees it: its space, and the policy's view of it. */
export interface ProposalAccess extends SpaceAccess {
	proposal: Proposal;
	resource: AuthoredResource;
	/** The actor was invited as co-author and has not answered yet. */
	pendingInvitation: boolean;
}

/** States in which a proposal takes part in the space's life (lists, supports, amendments). */
export const liveStates: ProposalState[] = ['published', 'evaluating', 'accepted', 'rejected', 'implemented'];

export async function authorsOf(db: DbOrTx, proposalIds: string[]) {
	if (!proposalIds.length) return [];
	return db
		.select({ proposalId: proposalAuthors.proposalId, userId: users.id, name: users.displayName, role: proposalAuthors.role, acceptedAt: proposalAuthors.acceptedAt, blockedAt: users.blockedAt })
		.from(proposalAuthors)
		.innerJoin(users, eq(users.id, proposalAuthors.userId))
		.where(inArray(proposalAuthors.proposalId, proposalIds))
		.orderBy(asc(proposalAuthors.role), asc(proposalAuthors.invitedAt));
}

/**
 * The proposal if the actor may see it: its space is readable, and it is not a draft or hidden
 * (drafts are seen by their authors and invited co-authors; hidden ones also by moderators).
 */
export async function readableProposal(
	db: DbOrTx,
	access: SpaceAccess,
	where: { number: number } | { id: string },
	actor: Actor
): Promise<ProposalAccess | undefined> {
	const [proposal] = await db
		.select()
		.from(proposals)
		.where(and(eq(proposals.spaceId, access.space.id), 'number' in where ? eq(proposals.number, where.number) : eq(proposals.id, where.id)));
	if (!proposal) return undefined;
	const authors = await authorsOf(db, [proposal.id]);
	const authorIds = authors.filter((a) => a.acceptedAt).map((a) => a.userId);
	const pendingInvitation = authors.some((a) => !a.acceptedAt && a.userId === actor.userId);
	const resource: AuthoredResource = { ...access.resource, authorIds };
	const isAuthor = actor.userId !== null && authorIds.includes(actor.userId);
	if (proposal.state === 'draft' && !isAuthor && !pendingInvitation) return undefined;
	if (proposal.hiddenAt && !isAuthor && !can(actor, 'content.moderate', access.resource)) return undefined;
	return { ...access, proposal, resource, pendingInvitation };
}

async function assertCategory(tx: DbOrTx, space: Space, categoryId: string | undefined) {
	if (!categoryId) return;
	const [category] = await tx
		.select({ id: categories.id })
		.from(categories)
		.where(and(eq(categories.id, categoryId), eq(categories.organisationId, space.organisationId)));
	if (!category) throw new ApiError('validation_failed', 'error.validation', { categoryId: 'validation.choice' });
}

/** Serialises one person's limited actions in a space (publishing, supporting), on both engines. */
export async function lockParticipant(tx: DbOrTx, spaceId: string, userId: string, what: string) {
	await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${what}:${spaceId}:${userId}`}, 0))`);
}

/** Inserts a proposal with the next number of its space, its first author and its first version. */
async function insertProposal(
	tx: DbOrTx,
	space: Space,
	authorId: string,
	fields: z.output<typeof proposalInput> & { state: ProposalState; isOfficial: boolean; publishedAt: Date | null },
	reason: 'create' | 'merge',
	now: Date
) {
	// The space's row lock makes numbers sequential without gaps or duplicates.
	await tx.select({ id: spaces.id }).from(spaces).where(eq(spaces.id, space.id)).for('update');
	const [{ next }] = await tx
		.select({ next: sql<number>`coalesce(max(${proposals.number}), 0)::int + 1` })
		.from(proposals)
		.where(eq(proposals.spaceId, space.id));
	const [proposal] = await tx
		.insert(proposals)
		.values({
			spaceId: space.id,
			number: next,
			title: fields.title,
			body: fields.body,
			state: fields.state,
			isOfficial: fields.isOfficial,
			categoryId: fields.categoryId ?? null,
			longitude: fields.longitude ?? null,
			latitude: fields.latitude ?? null,
			address: fields.longitude !== undefined ? (fields.address ?? null) : null,
			publishedAt: fields.publishedAt,
			createdAt: now,
			updatedAt: now
		})
		.returning();
	await tx.insert(proposalAuthors).values({ proposalId: proposal.id, userId: authorId, role: 'author', invitedAt: now, acceptedAt: now });
	await writeProposalText(tx, proposal.id, fields, authorId, reason, now);
	await follow(tx, authorId, { targetType: 'proposal', targetId: proposal.id });
	return proposal;
}

/** Checks the per-author limit of published proposals; call under `lockParticipant(…, 'propose')`. */
async function assertProposalLimit(tx: DbOrTx, space: Space, userId: string) {
	const limit = space.rules.proposalsPerAuthor;
	if (!limit) return;
	const [{ count }] = await tx
		.select({ count: sql<number>`count(*)::int` })
		.from(proposals)
		.innerJoin(proposalAuthors, and(eq(proposalAuthors.proposalId, proposals.id), eq(proposalAuthors.role, 'author')))
		.where(and(eq(proposals.spaceId, space.id), eq(proposalAuthors.userId, userId), notInArray(proposals.state, ['draft', 'withdrawn'])));
	if (count >= limit) throw new ApiError('conflict', 'proposal.limitReached', undefined, undefined, { limit });
}

async function publishInTransaction(tx: DbOrTx, actor: Actor, space: Space, proposalId: string, official: boolean, now: Date) {
	if (!official) {
		await assertCapability(tx, space, 'proposals');
		await lockParticipant(tx, space.id, actor.userId!, 'propose');
		await assertProposalLimit(tx, space, actor.userId!);
	}
	const [published] = await tx
		.update(proposals)
		.set({ state: 'published', publishedAt: now, updatedAt: now })
		.where(and(eq(proposals.id, proposalId), eq(proposals.state, 'draft')))
		.returning();
	if (!published) throw new ApiError('conflict', 'proposal.notDraft');
	const authorIds = (await authorsOf(tx, [proposalId])).filter((a) => a.acceptedAt).map((a) => a.userId);
	const url = `/spaces/${space.slug}/proposals/${published.number}`;
	await notifyFollowers(
		tx,
		{ targetType: 'space', targetId: space.id },
		'proposal.published',
		{ title: published.title, space: space.title, url },
		{ exceptUserIds: authorIds }
	);
	await emitEvent(tx, {
		type: 'proposal.published',
		organisationId: space.organisationId,
		spaceId: space.id,
		occurredAt: now,
		summary: { title: published.title, url },
		data: { proposalId: published.id, number: published.number, official: published.isOfficial }
	});
	return published;
}

export async function createProposal(db: Db, actor: Actor, access: SpaceAccess, input: z.output<typeof proposalCreateInput>, now = new Date()) {
	const { space, resource } = access;
	assertCan(actor, 'space.participate', resource);
	if (input.official) assertCan(actor, 'proposal.publishOfficial', resource);
	return db.transaction(async (tx) => {
		if (!input.official) await assertCapability(tx, space, 'proposals');
		await assertCategory(tx, space, input.categoryId);
		const proposal = await insertProposal(tx, space, actor.userId!, { ...input, state: 'draft', isOfficial: input.official, publishedAt: null }, 'create', now);
		return input.publish ? publishInTransaction(tx, actor, space, proposal.id, input.official, now) : proposal;
	});
}

export async function publishProposal(db: Db, actor: Actor, access: ProposalAccess, now = new Date()) {
	assertCan(actor, 'proposal.edit', access.resource);
	return db.transaction((tx) => publishInTransaction(tx, actor, access.space, access.proposal.id, access.proposal.isOfficial, now));
}

/**
 * Authors (and accepted co-authors) edit a draft freely, and a published proposal until it has
 * supports or comments; after that, changes go through amendments.
 */
export async function updateProposal(db: Db, actor: Actor, access: ProposalAccess, input: z.output<typeof proposalInput>, now = new Date()) {
	assertCan(actor, 'proposal.edit', access.resource);
	return db.transaction(async (tx) => {
		await lockProposal(tx, access.proposal.id);
		const [current] = await tx.select().from(proposals).where(eq(proposals.id, access.proposal.id));
		if (current.state !== 'draft' && current.state !== 'published') throw new ApiError('conflict', 'proposal.notEditable');
		if (current.state === 'published' && (current.supportsCount > 0 || current.commentsCount > 0))
			throw new ApiError('conflict', 'proposal.editLocked');
		await assertCategory(tx, access.space, input.categoryId);
		if (await textChanged(tx, current.id, input)) await writeProposalText(tx, current.id, input, actor.userId, 'edit', now);
		const [updated] = await tx
			.update(proposals)
			.set({
				categoryId: input.categoryId ?? null,
				longitude: input.longitude ?? null,
				latitude: input.latitude ?? null,
				address: input.longitude !== undefined ? (input.address ?? null) : null,
				updatedAt: now
			})
			.where(eq(proposals.id, current.id))
			.returning();
		return updated;
	});
}

export async function withdrawProposal(db: Db, actor: Actor, access: ProposalAccess, now = new Date()) {
	assertCan(actor, 'proposal.edit', access.resource);
	const [withdrawn] = await db
		.update(proposals)
		.set({ state: 'withdrawn', updatedAt: now })
		.where(and(eq(proposals.id, access.proposal.id), inArray(proposals.state, ['published', 'evaluating'])))
		.returning();
	if (!withdrawn) throw new ApiError('conflict', 'proposal.notWithdrawable');
	return withdrawn;
}

/** Invites an existing account as co-author; they see the draft and edit it once they accept. */
export async function inviteCoauthor(db: Db, actor: Actor, access: ProposalAccess, email: string, now = new Date()) {
	assertCan(actor, 'proposal.edit', access.resource);
	if (!['draft', 'published'].includes(access.proposal.state)) throw new ApiError('conflict', 'proposal.notEditable');
	return db.transaction(async (tx) => {
		const user = await findUserByEmail(tx, email);
		if (!user) throw new ApiError('validation_failed', 'validation.userUnknown', { email: 'validation.userUnknown' });
		const inserted = await tx
			.insert(proposalAuthors)
			.values({ proposalId: access.proposal.id, userId: user.id, role: 'coauthor', invitedAt: now })
			.onConflictDoNothing()
			.returning();
		if (!inserted.length) throw new ApiError('conflict', 'proposal.alreadyCoauthor', { email: 'proposal.alreadyCoauthor' });
		await notifyUsers(tx, [user.id], 'proposal.coauthor_invited', {
			title: access.proposal.title,
			url: `/spaces/${access.space.slug}/proposals/${access.proposal.number}`
		});
		return user;
	});
}

/** The invited person accepts (becomes a co-author) or declines (the invitation is removed). */
export async function answerInvitation(db: Db, actor: Actor, access: ProposalAccess, accept: boolean, now = new Date()) {
	if (!actor.userId || !access.pendingInvitation) throw new ApiError('not_found', 'proposal.noInvitation');
	const mine = and(eq(proposalAuthors.proposalId, access.proposal.id), eq(proposalAuthors.userId, actor.userId), isNull(proposalAuthors.acceptedAt));
	return db.transaction(async (tx) => {
		if (accept) {
			await tx.update(proposalAuthors).set({ acceptedAt: now }).where(mine);
			await follow(tx, actor.userId!, { targetType: 'proposal', targetId: access.proposal.id });
		} else await tx.delete(proposalAuthors).where(mine);
	});
}

export async function customStatesOf(db: DbOrTx, organisationId: string) {
	return db.select().from(customProposalStates).where(eq(customProposalStates.organisationId, organisationId)).orderBy(asc(customProposalStates.label));
}

export async function createCustomState(db: Db, actor: Actor, organisationId: string, input: z.output<typeof customStateInput>) {
	assertCan(actor, 'organisation.configure', { organisationId });
	return db.transaction(async (tx) => {
		const [state] = await tx.insert(customProposalStates).values({ organisationId, ...input }).returning();
		await recordAdminAction(tx, { actorId: actor.userId, action: 'proposal.customState.create', targetType: 'organisation', targetId: organisationId, details: input });
		return state;
	});
}

/**
 * The organisation's answer: a state, a text and an optional cost. Held back (publish = false),
 * it is stored but nobody else sees it; published, the proposal takes the state and its authors
 * and followers are notified.
 */
export async function answerProposal(db: Db, actor: Actor, access: ProposalAccess, input: z.output<typeof answerInput>, now = new Date()) {
	assertCan(actor, 'proposal.answer', access.resource);
	if (!liveStates.includes(access.proposal.state)) throw new ApiError('conflict', 'proposal.notAnswerable');
	return db.transaction(async (tx) => {
		if (input.customStateId) {
			const states = await customStatesOf(tx, access.space.organisationId);
			if (!states.some((s) => s.id === input.customStateId)) throw new ApiError('validation_failed', 'error.validation', { customStateId: 'validation.choice' });
		}
		await lockProposal(tx, access.proposal.id);
		await tx
			.update(proposals)
			.set({
				answerState: input.state,
				answerText: input.text,
				answerCost: input.cost === undefined ? null : input.cost.toFixed(2),
				customStateId: input.customStateId ?? null,
				progress: input.state === 'implemented' ? (input.progress ?? 0) : null,
				answerPublishedAt: null,
				updatedAt: now
			})
			.where(eq(proposals.id, access.proposal.id));
		await recordAdminAction(tx, {
			actorId: actor.userId,
			action: 'proposal.answer',
			targetType: 'proposal',
			targetId: access.proposal.id,
			details: { state: input.state, published: input.publish }
		});
		return input.publish ? publishAnswerInTransaction(tx, access, now) : (await tx.select().from(proposals).where(eq(proposals.id, access.proposal.id)))[0];
	});
}

async function publishAnswerInTransaction(tx: DbOrTx, access: ProposalAccess, now: Date) {
	const [current] = await tx.select().from(proposals).where(eq(proposals.id, access.proposal.id));
	if (!current.answerState) throw new ApiError('conflict', 'proposal.noAnswer');
	const [published] = await tx
		.update(proposals)
		.set({ state: current.answerState, answerPublishedAt: now, updatedAt: now })
		.where(eq(proposals.id, current.id))
		.returning();
	await notifyFollowers(
		tx,
		{ targetType: 'proposal', targetId: current.id },
		'proposal.answered',
		{ title: current.title, state: current.answerState, url: `/spaces/${access.space.slug}/proposals/${current.number}` },
		{ alsoUserIds: access.resource.authorIds }
	);
	return published;
}

export async function publishAnswer(db: Db, actor: Actor, access: ProposalAccess, now = new Date()) {
	assertCan(actor, 'proposal.answer', access.resource);
	return db.transaction(async (tx) => {
		await lockProposal(tx, access.proposal.id);
		return publishAnswerInTransaction(tx, access, now);
	});
}

/**
 * Administrators merge several proposals into a new official one: the originals are marked
 * merged and point to it; their authors are told.
 */
export async function mergeProposals(db: Db, actor: Actor, access: SpaceAccess, input: z.output<typeof mergeInput>, now = new Date()) {
	assertCan(actor, 'proposal.merge', access.resource);
	const ids = [...new Set(input.proposalIds)];
	if (ids.length < 2) throw new ApiError('validation_failed', 'error.validation', { proposalIds: 'proposal.mergeTwo' });
	return db.transaction(async (tx) => {
		const originals = await tx
			.select()
			.from(proposals)
			.where(and(eq(proposals.spaceId, access.space.id), inArray(proposals.id, ids)))
			.orderBy(asc(proposals.id))
			.for('update');
		if (originals.length !== ids.length || originals.some((p) => !liveStates.includes(p.state)))
			throw new ApiError('validation_failed', 'error.validation', { proposalIds: 'proposal.mergeInvalid' });
		const merged = await insertProposal(
			tx,
			access.space,
			actor.userId!,
			{ title: input.title, body: input.body, state: 'published', isOfficial: true, publishedAt: now },
			'merge',
			now
		);
		await tx.update(proposals).set({ state: 'merged', mergedIntoId: merged.id, updatedAt: now }).where(inArray(proposals.id, ids));
		const authors = await authorsOf(tx, ids);
		await notifyUsers(
			tx,
			authors.filter((a) => a.acceptedAt).map((a) => a.userId),
			'proposal.merged',
			{ title: merged.title, url: `/spaces/${access.space.slug}/proposals/${merged.number}` },
			{ exceptUserIds: [actor.userId] }
		);
		await recordAdminAction(tx, {
			actorId: actor.userId,
			action: 'proposal.merge',
			targetType: 'proposal',
			targetId: merged.id,
			details: { merged: originals.map((p) => p.number) }
		});
		return merged;
	});
}

/** The condition for one list filter set, shared by the page and the API. */
function listConditions(spaceId: string, query: ProposalListQuery): SQL {
	const conditions: (SQL | undefined)[] = [eq(proposals.spaceId, spaceId), isNull(proposals.hiddenAt)];
	// Written as constants, like the predicate of proposals_list_recent_idx, so the planner uses it.
	if (!query.state) conditions.push(sql`${proposals.state} not in ('draft', 'withdrawn', 'merged')`);
	else if (query.state === 'all') conditions.push(notInArray(proposals.state, ['draft']));
	else conditions.push(eq(proposals.state, query.state));
	if (query.q) conditions.push(sql`${proposals.searchVector} @@ ${searchQueryOf(query.q)}`);
	if (query.category) conditions.push(eq(proposals.categoryId, query.category));
	if (query.author)
		conditions.push(
			sql`exists (select 1 from ${proposalAuthors} where ${proposalAuthors.proposalId} = ${proposals.id} and ${proposalAuthors.userId} = ${query.author} and ${proposalAuthors.acceptedAt} is not null)`
		);
	if (query.has_location === 'true') conditions.push(isNotNull(proposals.longitude));
	if (query.has_location === 'false') conditions.push(isNull(proposals.longitude));
	return and(...conditions)!;
}

/** The ordering of a sort, its keyset condition after a cursor, and the cursor of a row. */
function ordering(query: ProposalListQuery, seed: number) {
	const randomKey = randomKeyOf(seed);
	switch (query.sort) {
		case 'supported':
		case 'commented': {
			const column = query.sort === 'supported' ? proposals.supportsCount : proposals.commentsCount;
			return {
				orderBy: [desc(column), desc(proposals.id)],
				after: ([count, id]: (string | number)[]) => sql`(${column}, ${proposals.id}) < (${Number(count)}, ${String(id)}::uuid)`,
				valid: (keys: (string | number)[]) => keys.length === 2 && typeof keys[0] === 'number' && isUuid(keys[1]),
				cursorOf: (row: ListedRow) => [query.sort === 'supported' ? row.supportsCount : row.commentsCount, row.id]
			};
		}
		case 'random':
			return {
				orderBy: [asc(randomKey), asc(proposals.id)],
				after: ([, key, id]: (string | number)[]) => sql`(${randomKey}, ${proposals.id}) > (${String(key)}::bigint, ${String(id)}::uuid)`,
				valid: (keys: (string | number)[]) =>
					keys.length === 3 && keys[0] === seed && typeof keys[1] === 'string' && /^-?\d{1,19}$/.test(keys[1]) && isUuid(keys[2]),
				cursorOf: (row: ListedRow) => [seed, row.randomKey, row.id]
			};
		default:
			return {
				orderBy: [desc(proposals.publishedAt), desc(proposals.id)],
				after: ([at, id]: (string | number)[]) => sql`(${proposals.publishedAt}, ${proposals.id}) < (${String(at)}::timestamptz, ${String(id)}::uuid)`,
				valid: (keys: (string | number)[]) => keys.length === 2 && typeof keys[0] === 'string' && !Number.isNaN(Date.parse(keys[0])) && isUuid(keys[1]),
				cursorOf: (row: ListedRow) => [(row.publishedAt ?? row.createdAt).toISOString(), row.id]
			};
	}
}

/**
 * The random order of a seed: PostgreSQL's seeded 64-bit hash of the id (cheaper than md5 and
 * sorted as a number), so the same seed always gives the same order, on both engines.
 */
const randomKeyOf = (seed: number) => sql<string>`hashtextextended(${proposals.id}::text, ${seed})`;

type ListedRow = Awaited<ReturnType<typeof selectListed>>[number];

/** The listed columns; the random key only when the order is random (`seed` given). */
function selectListed(db: DbOrTx, where: SQL, seed: number | null) {
	return db
		.select({
			id: proposals.id,
			number: proposals.number,
			title: proposals.title,
			body: sql<string>`left(${proposals.body}, 400)`,
			state: proposals.state,
			customStateId: proposals.customStateId,
			isOfficial: proposals.isOfficial,
			categoryId: proposals.categoryId,
			longitude: proposals.longitude,
			latitude: proposals.latitude,
			address: proposals.address,
			progress: proposals.progress,
			supportsCount: proposals.supportsCount,
			commentsCount: proposals.commentsCount,
			publishedAt: proposals.publishedAt,
			createdAt: proposals.createdAt,
			updatedAt: proposals.updatedAt,
			randomKey: seed === null ? sql<string>`null` : sql<string>`${randomKeyOf(seed)}::text`
		})
		.from(proposals)
		.where(where);
}

export class InvalidCursorError extends ApiError {
	constructor() {
		super('validation_failed', 'error.validation', { cursor: 'validation.invalid' });
	}
}

/**
 * One page of a space's proposals: full-text search, filters, four sorts (random with a stable
 * seed) and keyset pagination. The caller has checked that the actor may read the space.
 */
export async function listProposals(db: DbOrTx, space: Pick<Space, 'id'>, query: ProposalListQuery) {
	const seed = query.seed ?? Math.floor(Math.random() * 1_000_000);
	const order = ordering(query, seed);
	let where = listConditions(space.id, query);
	if (query.cursor) {
		const keys = decodeKeysetCursor(query.cursor);
		if (!keys || !order.valid(keys)) throw new InvalidCursorError();
		where = and(where, order.after(keys))!;
	}
	const rows = await selectListed(db, where, query.sort === 'random' ? seed : null)
		.orderBy(...order.orderBy)
		.limit(query.limit + 1);
	const items = rows.slice(0, query.limit);
	const last = items.at(-1);
	const nextCursor = rows.length > query.limit && last ? encodeKeysetCursor(order.cursorOf(last)) : null;
	// Counted on the first page only: later pages are reached from it and keep its figure.
	const total = query.cursor
		? null
		: (await db.select({ total: sql<number>`count(*)::int` }).from(proposals).where(listConditions(space.id, query)))[0].total;
	return { items, nextCursor, seed, total };
}

/** Authors, categories and custom states of listed proposals, and which ones the actor supports. */
export async function proposalDetails(db: DbOrTx, proposalIds: string[], actor: Actor) {
	const [authors, supported] = await Promise.all([
		authorsOf(db, proposalIds),
		actor.userId && proposalIds.length
			? db.select({ proposalId: supports.proposalId }).from(supports).where(and(eq(supports.userId, actor.userId), inArray(supports.proposalId, proposalIds)))
			: Promise.resolve([])
	]);
	return {
		authorsOf: (id: string) => authors.filter((a) => a.proposalId === id && a.acceptedAt).map((a) => ({ id: a.userId, name: a.blockedAt ? 'Participant bloqué' : a.name })),
		invitedOf: (id: string) => authors.filter((a) => a.proposalId === id && !a.acceptedAt).map((a) => ({ id: a.userId, name: a.name })),
		supports: new Set(supported.map((s) => s.proposalId))
	};
}

export async function categoriesOf(db: DbOrTx, organisationId: string) {
	return db.select().from(categories).where(eq(categories.organisationId, organisationId)).orderBy(asc(categories.position), asc(categories.name));
}

/** The drafts and pending invitations of one person in a space (their own work in progress). */
export async function draftsOf(db: DbOrTx, spaceId: string, userId: string | null) {
	if (!userId) return [];
	return db
		.select({ number: proposals.number, title: proposals.title, accepted: proposalAuthors.acceptedAt })
		.from(proposals)
		.innerJoin(proposalAuthors, and(eq(proposalAuthors.proposalId, proposals.id), eq(proposalAuthors.userId, userId)))
		.where(and(eq(proposals.spaceId, spaceId), eq(proposals.state, 'draft')))
		.orderBy(desc(proposals.updatedAt));
}

type Listed = Pick<Proposal, 'id' | 'number' | 'title' | 'body' | 'state' | 'customStateId' | 'progress' | 'isOfficial' | 'categoryId' | 'longitude' | 'latitude' | 'address' | 'supportsCount' | 'commentsCount' | 'publishedAt' | 'updatedAt'> &
	Partial<Pick<Proposal, 'answerState' | 'answerText' | 'answerCost' | 'answerPublishedAt' | 'mergedIntoId'>>;

export function toProposalJson(
	proposal: Listed,
	context: {
		space: Space;
		siteUrl: string;
		authors: { id: string; name: string }[];
		supported: boolean;
		categories: { id: string; name: string }[];
		customStates: { id: string; label: string; color: string }[];
		/** Whether the caller may see an answer that is held back. */
		seesHeldAnswer?: boolean;
	}
) {
	const category = context.categories.find((c) => c.id === proposal.categoryId);
	const custom = context.customStates.find((s) => s.id === proposal.customStateId);
	const answerVisible = proposal.answerState && (proposal.answerPublishedAt || context.seesHeldAnswer);
	return {
		id: proposal.id,
		number: proposal.number,
		space: context.space.slug,
		title: proposal.title,
		body: proposal.body,
		state: proposal.state,
		custom_state: custom && proposal.answerPublishedAt ? { label: custom.label, color: custom.color } : null,
		progress: proposal.progress,
		official: proposal.isOfficial,
		authors: proposal.isOfficial ? [] : context.authors,
		organisation: proposal.isOfficial ? context.space.organisationName : null,
		category: category ? { id: category.id, name: category.name } : null,
		location:
			proposal.longitude !== null && proposal.latitude !== null
				? { longitude: proposal.longitude, latitude: proposal.latitude, address: proposal.address }
				: null,
		answer: answerVisible
			? {
					state: proposal.answerState ?? null,
					text: proposal.answerText ?? null,
					cost: proposal.answerCost ?? null,
					published_at: proposal.answerPublishedAt?.toISOString() ?? null
				}
			: null,
		merged_into: proposal.mergedIntoId ?? null,
		supports_count: proposal.supportsCount,
		comments_count: proposal.commentsCount,
		supported: context.supported,
		published_at: proposal.publishedAt?.toISOString() ?? null,
		updated_at: proposal.updatedAt.toISOString(),
		url: `${context.siteUrl}/spaces/${context.space.slug}/proposals/${proposal.number}`
	};
}
