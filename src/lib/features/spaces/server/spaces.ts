import { emitEvent } from '#lib/server/events/events.js';
import { and, asc, desc, eq, exists, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { findUserByEmail, isUniqueViolation } from '#lib/features/accounts/server/accounts.js';
import { notifyFollowers } from '#lib/features/notifications/server/notifications.js';
import { requestChatSync } from '#lib/features/chat/server/chat.js';
import type { Organisation } from '#lib/features/organisations/server/organisations.js';
import { ApiError } from '#lib/server/api/errors.js';
import { toPage, type Cursor } from '#lib/server/api/pagination.js';
import { recordAdminAction } from '#lib/server/audit/audit.js';
import { can, type Actor, type SpaceResource } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { categories, organisations, spaceMembers, spacePhases, spaces, users } from '#lib/server/db/schema.js';
import type { phaseInput, spaceCreateInput, spaceMemberInput, spaceSettingsInput } from '../api.js';
import { defaultSpaceRules, type PhaseCapabilities } from '../schema.js';

export type Space = typeof spaces.$inferSelect & { organisationSlug: string; organisationName: string };
export type Phase = typeof spacePhases.$inferSelect;
export type Capability = keyof PhaseCapabilities;

/** A space as one actor sees it: the row, and the policy's view of it (with the actor's role there). */
export interface SpaceAccess {
	space: Space;
	resource: SpaceResource;
}

const spaceColumns = {
	id: spaces.id,
	organisationId: spaces.organisationId,
	slug: spaces.slug,
	kind: spaces.kind,
	title: spaces.title,
	description: spaces.description,
	visibility: spaces.visibility,
	rules: spaces.rules,
	createdAt: spaces.createdAt,
	updatedAt: spaces.updatedAt,
	organisationSlug: organisations.slug,
	organisationName: organisations.name
};

const allCapabilities: PhaseCapabilities = { proposals: true, supports: true, comments: true, amendments: true, votes: false };

export async function findSpace(db: DbOrTx, where: { slug: string } | { id: string }): Promise<Space | undefined> {
	const [row] = await db
		.select(spaceColumns)
		.from(spaces)
		.innerJoin(organisations, eq(organisations.id, spaces.organisationId))
		.where('slug' in where ? eq(spaces.slug, where.slug) : eq(spaces.id, where.id));
	return row ? { ...row, rules: { ...defaultSpaceRules, ...row.rules } } : undefined;
}

export async function spaceRoleOf(db: DbOrTx, spaceId: string, userId: string | null) {
	if (!userId) return null;
	const [row] = await db
		.select({ role: spaceMembers.role })
		.from(spaceMembers)
		.where(and(eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.userId, userId)));
	return row?.role ?? null;
}

export async function spaceAccess(db: DbOrTx, space: Space, actor: Actor): Promise<SpaceAccess> {
	const spaceRole = await spaceRoleOf(db, space.id, actor.userId);
	return { space, resource: { organisationId: space.organisationId, visibility: space.visibility, spaceRole } };
}

/**
 * The space if the actor may read it. A private space is reported as missing to anyone else:
 * its existence is not disclosed.
 */
export async function readableSpace(db: DbOrTx, where: { slug: string } | { id: string }, actor: Actor): Promise<SpaceAccess | undefined> {
	const space = await findSpace(db, where);
	if (!space) return undefined;
	const access = await spaceAccess(db, space, actor);
	return can(actor, 'space.read', access.resource) ? access : undefined;
}

/** SQL condition: the actor may read the space (same rule as `space.read`, for lists and search). */
export function spaceReadableBy(actor: Actor): SQL | undefined {
	if (actor.isPlatformAdmin) return undefined;
	const staffOf = actor.memberships.filter((m) => m.role !== 'member').map((m) => m.organisationId);
	const conditions: (SQL | undefined)[] = [eq(spaces.visibility, 'public')];
	if (staffOf.length) conditions.push(inArray(spaces.organisationId, staffOf));
	if (actor.userId)
		conditions.push(
			exists(
				sql`(select 1 from ${spaceMembers} where ${spaceMembers.spaceId} = ${spaces.id} and ${spaceMembers.userId} = ${actor.userId})`
			)
		);
	return or(...conditions);
}

/** Spaces the actor may read, newest first. */
export async function listSpaces(db: DbOrTx, actor: Actor, options: { organisationId?: string; cursor?: Cursor; limit: number }) {
	const { cursor, limit } = options;
	const after = cursor
		? or(lt(spaces.createdAt, new Date(cursor.at)), and(eq(spaces.createdAt, new Date(cursor.at)), lt(spaces.id, cursor.id)))
		: undefined;
	const rows = await db
		.select(spaceColumns)
		.from(spaces)
		.innerJoin(organisations, eq(organisations.id, spaces.organisationId))
		.where(and(spaceReadableBy(actor), options.organisationId ? eq(spaces.organisationId, options.organisationId) : undefined, after))
		.orderBy(desc(spaces.createdAt), desc(spaces.id))
		.limit(limit + 1);
	return toPage(rows, limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
}

export function listPhases(db: DbOrTx, spaceId: string) {
	return db.select().from(spacePhases).where(eq(spacePhases.spaceId, spaceId)).orderBy(asc(spacePhases.position));
}

export async function activePhase(db: DbOrTx, spaceId: string): Promise<Phase | undefined> {
	const [phase] = await db
		.select()
		.from(spacePhases)
		.where(and(eq(spacePhases.spaceId, spaceId), eq(spacePhases.isActive, true)));
	return phase;
}

const noCapabilities: PhaseCapabilities = { proposals: false, supports: false, comments: false, amendments: false, votes: false };

/** What the active phase allows; nothing when no phase is active. */
export async function activeCapabilities(db: DbOrTx, spaceId: string): Promise<PhaseCapabilities> {
	const phase = await activePhase(db, spaceId);
	return phase ? { ...noCapabilities, ...phase.capabilities } : noCapabilities;
}

/** Why the phase refuses `capability`, as an error the UI and the API show as it is; null if allowed. */
export function capabilityRefusal(phase: Phase | undefined, capability: Capability): ApiError | null {
	if (!phase) return new ApiError('forbidden', 'space.refused.noPhase');
	if (phase.capabilities[capability]) return null;
	return new ApiError('forbidden', `space.refused.${capability}`, undefined, undefined, { phase: phase.title });
}

/** Throws, with the reason, unless the space's active phase allows `capability`. */
export async function assertCapability(db: DbOrTx, space: Pick<Space, 'id'>, capability: Capability) {
	const refusal = capabilityRefusal(await activePhase(db, space.id), capability);
	if (refusal) throw refusal;
}

export async function createSpace(db: Db, actor: Actor, organisation: Organisation, input: z.output<typeof spaceCreateInput>) {
	try {
		return await db.transaction(async (tx) => {
			const [space] = await tx
				.insert(spaces)
				.values({
					organisationId: organisation.id,
					slug: input.slug,
					kind: input.kind,
					title: input.title,
					description: input.description,
					visibility: input.visibility,
					rules: { ...defaultSpaceRules, ...input.rules }
				})
				.returning();
			const phases =
				input.kind === 'group'
					? [{ title: 'Participation permanente', description: '', startsAt: undefined, endsAt: undefined, capabilities: input.phases[0]?.capabilities ?? allCapabilities }]
					: input.phases;
			if (phases.length)
				await tx.insert(spacePhases).values(
					phases.map((phase, index) => ({
						spaceId: space.id,
						position: index + 1,
						title: phase.title,
						description: phase.description,
						startsAt: phase.startsAt ?? null,
						endsAt: phase.endsAt ?? null,
						isActive: index === 0,
						capabilities: phase.capabilities
					}))
				);
			await recordAdminAction(tx, {
				actorId: actor.userId,
				action: 'space.create',
				targetType: 'space',
				targetId: space.id,
				details: { slug: space.slug, kind: space.kind, visibility: space.visibility }
			});
			await requestChatSync(tx, space.id);
			return space;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new ApiError('conflict', 'validation.slugTaken', { slug: 'validation.slugTaken' });
		throw error;
	}
}

export async function updateSpaceSettings(db: Db, actor: Actor, space: Space, input: z.output<typeof spaceSettingsInput>) {
	return db.transaction(async (tx) => {
		await tx
			.update(spaces)
			.set({ title: input.title, description: input.description, visibility: input.visibility, rules: input.rules, updatedAt: new Date() })
			.where(eq(spaces.id, space.id));
		await recordAdminAction(tx, {
			actorId: actor.userId,
			action: 'space.configure',
			targetType: 'space',
			targetId: space.id,
			details: { visibility: input.visibility, rules: input.rules }
		});
		if (input.visibility !== space.visibility || input.title !== space.title) await requestChatSync(tx, space.id);
	});
}

export async function addPhase(db: Db, actor: Actor, space: Space, input: z.output<typeof phaseInput>) {
	if (space.kind === 'group') throw new ApiError('conflict', 'space.groupSinglePhase');
	return db.transaction(async (tx) => {
		await tx.select({ id: spaces.id }).from(spaces).where(eq(spaces.id, space.id)).for('update');
		const [{ next }] = await tx
			.select({ next: sql<number>`coalesce(max(${spacePhases.position}), 0)::int + 1` })
			.from(spacePhases)
			.where(eq(spacePhases.spaceId, space.id));
		const [phase] = await tx
			.insert(spacePhases)
			.values({
				spaceId: space.id,
				position: next,
				title: input.title,
				description: input.description,
				startsAt: input.startsAt ?? null,
				endsAt: input.endsAt ?? null,
				capabilities: input.capabilities
			})
			.returning();
		await recordAdminAction(tx, { actorId: actor.userId, action: 'space.phase.add', targetType: 'space', targetId: space.id, details: { phaseId: phase.id, title: phase.title } });
		return phase;
	});
}

export async function updatePhase(db: Db, actor: Actor, space: Space, phaseId: string, input: z.output<typeof phaseInput>) {
	return db.transaction(async (tx) => {
		const [phase] = await tx
			.update(spacePhases)
			.set({
				title: input.title,
				description: input.description,
				startsAt: input.startsAt ?? null,
				endsAt: input.endsAt ?? null,
				capabilities: input.capabilities
			})
			.where(and(eq(spacePhases.id, phaseId), eq(spacePhases.spaceId, space.id)))
			.returning();
		if (!phase) throw new ApiError('not_found', 'error.notFound');
		await recordAdminAction(tx, { actorId: actor.userId, action: 'space.phase.update', targetType: 'space', targetId: space.id, details: { phaseId, capabilities: input.capabilities } });
		return phase;
	});
}

/**
 * Makes `phaseId` the active phase: the previous one is switched off and the new one on in one
 * transaction (the partial unique index forbids two active phases), and the space's followers
 * are notified in that same transaction.
 */
export async function activatePhase(db: Db, actor: Actor, space: Space, phaseId: string) {
	return db.transaction(async (tx) => {
		const [phase] = await tx
			.select()
			.from(spacePhases)
			.where(and(eq(spacePhases.id, phaseId), eq(spacePhases.spaceId, space.id)))
			.for('update');
		if (!phase) throw new ApiError('not_found', 'error.notFound');
		if (phase.isActive) return phase;
		await tx.update(spacePhases).set({ isActive: false }).where(and(eq(spacePhases.spaceId, space.id), eq(spacePhases.isActive, true)));
		const [active] = await tx.update(spacePhases).set({ isActive: true }).where(eq(spacePhases.id, phase.id)).returning();
		await notifyFollowers(
			tx,
			{ targetType: 'space', targetId: space.id },
			'space.phase_started',
			{ title: phase.title, space: space.title, url: `/spaces/${space.slug}` },
			{ exceptUserIds: [actor.userId] }
		);
		await emitEvent(tx, {
			type: 'space.phase_started',
			organisationId: space.organisationId,
			spaceId: space.id,
			summary: { title: `${space.title} — ${phase.title}`, url: `/spaces/${space.slug}` },
			data: { phaseId: phase.id, phase: phase.title, space: space.title }
		});
		await recordAdminAction(tx, { actorId: actor.userId, action: 'space.phase.activate', targetType: 'space', targetId: space.id, details: { phaseId, title: phase.title } });
		return active;
	});
}

export async function addSpaceMember(db: Db, actor: Actor, space: Space, input: z.output<typeof spaceMemberInput>) {
	return db.transaction(async (tx) => {
		const user = await findUserByEmail(tx, input.email);
		if (!user) throw new ApiError('validation_failed', 'validation.userUnknown', { email: 'validation.userUnknown' });
		await tx
			.insert(spaceMembers)
			.values({ spaceId: space.id, userId: user.id, role: input.role })
			.onConflictDoUpdate({ target: [spaceMembers.spaceId, spaceMembers.userId], set: { role: input.role } });
		await recordAdminAction(tx, { actorId: actor.userId, action: 'space.member.add', targetType: 'space', targetId: space.id, details: { userId: user.id, role: input.role } });
		await requestChatSync(tx, space.id);
		return user;
	});
}

export async function removeSpaceMember(db: Db, actor: Actor, space: Space, userId: string) {
	return db.transaction(async (tx) => {
		const removed = await tx
			.delete(spaceMembers)
			.where(and(eq(spaceMembers.spaceId, space.id), eq(spaceMembers.userId, userId)))
			.returning();
		if (removed.length) {
			await recordAdminAction(tx, { actorId: actor.userId, action: 'space.member.remove', targetType: 'space', targetId: space.id, details: { userId } });
			await requestChatSync(tx, space.id);
		}
		return removed.length > 0;
	});
}

export function listSpaceMembers(db: DbOrTx, spaceId: string) {
	return db
		.select({ userId: users.id, displayName: users.displayName, email: users.email, role: spaceMembers.role })
		.from(spaceMembers)
		.innerJoin(users, eq(users.id, spaceMembers.userId))
		.where(eq(spaceMembers.spaceId, spaceId))
		.orderBy(asc(users.displayName));
}

export function toPhaseJson(phase: Phase) {
	return {
		id: phase.id,
		position: phase.position,
		title: phase.title,
		description: phase.description,
		starts_at: phase.startsAt?.toISOString() ?? null,
		ends_at: phase.endsAt?.toISOString() ?? null,
		is_active: phase.isActive,
		capabilities: { ...noCapabilities, ...phase.capabilities }
	};
}

export function toSpaceJson(space: Space, phase: Phase | undefined, siteUrl: string) {
	return {
		id: space.id,
		slug: space.slug,
		kind: space.kind,
		title: space.title,
		description: space.description,
		visibility: space.visibility,
		organisation: { slug: space.organisationSlug, name: space.organisationName },
		rules: space.rules,
		active_phase: phase ? toPhaseJson(phase) : null,
		url: `${siteUrl}/spaces/${space.slug}`
	};
}

export async function createCategory(db: Db, actor: Actor, organisationId: string, input: { name: string; parentId?: string }) {
	return db.transaction(async (tx) => {
		if (input.parentId) {
			const [parent] = await tx
				.select({ id: categories.id })
				.from(categories)
				.where(and(eq(categories.id, input.parentId), eq(categories.organisationId, organisationId)));
			if (!parent) throw new ApiError('validation_failed', 'error.validation', { parentId: 'validation.choice' });
		}
		const [category] = await tx.insert(categories).values({ organisationId, name: input.name, parentId: input.parentId ?? null }).returning();
		await recordAdminAction(tx, { actorId: actor.userId, action: 'category.create', targetType: 'organisation', targetId: organisationId, details: { name: input.name } });
		return category;
	});
}
