import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import type { z } from 'zod';
import { ApiError } from '#lib/server/api/errors.js';
import { isUuid } from '#lib/server/api/validation.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '#lib/server/api/pagination.js';
import { recordAdminAction } from '#lib/server/audit/audit.js';
import type { Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { clubMembers, memberships, organisations, users } from '#lib/server/db/schema.js';
import { findUserByEmail, isUniqueViolation } from '#lib/features/accounts/server/accounts.js';
import type { organisationCreateInput, organisationSettingsInput } from '../api.js';
import type { MemberRole, TerritoryGeometry } from '../schema.js';

export type Organisation = typeof organisations.$inferSelect;

export function boundingBox(geometry: TerritoryGeometry) {
	const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
	let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
	for (const polygon of polygons)
		for (const ring of polygon)
			for (const [lon, lat] of ring) {
				west = Math.min(west, lon);
				east = Math.max(east, lon);
				south = Math.min(south, lat);
				north = Math.max(north, lat);
			}
	return { bboxWest: west, bboxSouth: south, bboxEast: east, bboxNorth: north };
}

function territoryColumns(territory: TerritoryGeometry | null | undefined) {
	if (!territory) return { territory: null, bboxWest: null, bboxSouth: null, bboxEast: null, bboxNorth: null };
	return { territory, ...boundingBox(territory) };
}

/** Organisations by name, then id: a stable order for cursor pagination (the cursor holds both). */
export async function listOrganisations(db: DbOrTx, options: { cursor?: string | null; limit: number }) {
	const { limit } = options;
	const keys = decodeKeysetCursor(options.cursor);
	const after =
		keys && keys.length === 2 && typeof keys[0] === 'string' && typeof keys[1] === 'string' && isUuid(keys[1])
			? or(gt(organisations.name, keys[0]), and(eq(organisations.name, keys[0]), gt(organisations.id, keys[1])))
			: undefined;
	const rows = await db
		.select()
		.from(organisations)
		.where(after)
		.orderBy(asc(organisations.name), asc(organisations.id))
		.limit(limit + 1);
	const items = rows.slice(0, limit);
	const last = items.at(-1);
	return { items, nextCursor: rows.length > limit && last ? encodeKeysetCursor([last.name, last.id]) : null };
}

export function findOrganisation(db: DbOrTx, slug: string) {
	return db.select().from(organisations).where(eq(organisations.slug, slug)).then((rows) => rows[0]);
}

/** The organisation for an API route, or the API's 404. */
export async function requireOrganisation(db: DbOrTx, slug: string) {
	const org = await findOrganisation(db, slug);
	if (!org) throw new ApiError('not_found', `No organisation "${slug}"`);
	return org;
}

export async function createOrganisation(db: Db, actor: Actor, input: z.output<typeof organisationCreateInput>, actorLabel?: string) {
	try {
		return await db.transaction(async (tx) => {
			const { territory, ...rest } = input;
			const [organisation] = await tx
				.insert(organisations)
				.values({ ...rest, ...territoryColumns(territory) })
				.returning();
			await recordAdminAction(tx, {
				actorId: actor.userId,
				actorLabel,
				action: 'organisation.create',
				targetType: 'organisation',
				targetId: organisation.id,
				details: { slug: organisation.slug, name: organisation.name }
			});
			return organisation;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new ApiError('conflict', 'validation.slugTaken', { slug: 'validation.slugTaken' });
		throw error;
	}
}

export async function updateOrganisationSettings(
	db: Db,
	actor: Actor,
	organisation: Organisation,
	input: z.output<typeof organisationSettingsInput>
) {
	return db.transaction(async (tx) => {
		const [updated] = await tx
			.update(organisations)
			.set({ ...input, updatedAt: new Date() })
			.where(eq(organisations.id, organisation.id))
			.returning();
		const changed = Object.keys(input).filter(
			(key) => (organisation as Record<string, unknown>)[key] !== (input as Record<string, unknown>)[key]
		);
		await recordAdminAction(tx, {
			actorId: actor.userId,
			action: 'organisation.configure',
			targetType: 'organisation',
			targetId: organisation.id,
			details: { changed }
		});
		return updated;
	});
}

export async function setTerritory(db: Db, actor: Actor, organisation: Organisation, territory: TerritoryGeometry | null) {
	await db.transaction(async (tx) => {
		await tx.update(organisations).set({ ...territoryColumns(territory), updatedAt: new Date() }).where(eq(organisations.id, organisation.id));
		await recordAdminAction(tx, {
			actorId: actor.userId,
			action: 'organisation.territory',
			targetType: 'organisation',
			targetId: organisation.id,
			details: { type: territory?.type ?? null }
		});
	});
}

export async function addMember(db: Db, actor: Actor, organisation: Organisation, input: { email: string; role: MemberRole }, actorLabel?: string) {
	return db.transaction(async (tx) => {
		const user = await findUserByEmail(tx, input.email);
		if (!user) throw new ApiError('validation_failed', 'validation.userUnknown', { email: 'validation.userUnknown' });
		await tx
			.insert(memberships)
			.values({ organisationId: organisation.id, userId: user.id, role: input.role })
			.onConflictDoNothing();
		await recordAdminAction(tx, {
			actorId: actor.userId,
			actorLabel,
			action: 'organisation.member.add',
			targetType: 'organisation',
			targetId: organisation.id,
			details: { userId: user.id, email: user.email, role: input.role }
		});
		return user;
	});
}

export async function removeMember(db: Db, actor: Actor, organisation: Organisation, userId: string, role: MemberRole) {
	return db.transaction(async (tx) => {
		const removed = await tx
			.delete(memberships)
			.where(and(eq(memberships.organisationId, organisation.id), eq(memberships.userId, userId), eq(memberships.role, role)))
			.returning();
		if (removed.length)
			await recordAdminAction(tx, {
				actorId: actor.userId,
				action: 'organisation.member.remove',
				targetType: 'organisation',
				targetId: organisation.id,
				details: { userId, role }
			});
		return removed.length > 0;
	});
}

export function listMembers(db: DbOrTx, organisationId: string) {
	return db
		.select({ userId: users.id, displayName: users.displayName, email: users.email, role: memberships.role })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.organisationId, organisationId))
		.orderBy(asc(users.displayName), asc(memberships.role));
}

/** The actor for a user: their platform flag and organisation roles, loaded in one query. */
export async function loadActor(db: DbOrTx, user: { id: string; isPlatformAdmin: boolean }): Promise<Actor> {
	const rows = await db
		.select({ organisationId: memberships.organisationId, role: memberships.role })
		.from(memberships)
		.where(eq(memberships.userId, user.id));
	return { userId: user.id, isPlatformAdmin: user.isPlatformAdmin, memberships: rows };
}

/** A user's organisations with their roles there (for /me and the profile page). */
export async function organisationsOf(db: DbOrTx, actor: Actor) {
	const ids = [...new Set(actor.memberships.map((m) => m.organisationId))];
	if (!ids.length) return [];
	const rows = await db
		.select({ id: organisations.id, slug: organisations.slug, name: organisations.name })
		.from(organisations)
		.where(inArray(organisations.id, ids))
		.orderBy(asc(organisations.name));
	return rows.map((row) => ({
		...row,
		roles: actor.memberships.filter((m) => m.organisationId === row.id).map((m) => m.role)
	}));
}

export async function listClubMembers(db: DbOrTx, clubId: string) {
	return db
		.select({ id: organisations.id, slug: organisations.slug, name: organisations.name, kind: organisations.kind, inGoodStanding: clubMembers.inGoodStanding })
		.from(clubMembers)
		.innerJoin(organisations, eq(organisations.id, clubMembers.memberId))
		.where(eq(clubMembers.clubId, clubId))
		.orderBy(asc(organisations.name));
}

export async function listClubsOf(db: DbOrTx, memberId: string) {
	return db
		.select({ id: organisations.id, slug: organisations.slug, name: organisations.name, inGoodStanding: clubMembers.inGoodStanding })
		.from(clubMembers)
		.innerJoin(organisations, eq(organisations.id, clubMembers.clubId))
		.where(eq(clubMembers.memberId, memberId))
		.orderBy(asc(organisations.name));
}

export function toOrganisationJson(org: Organisation, siteUrl: string) {
	return {
		id: org.id,
		slug: org.slug,
		name: org.name,
		kind: org.kind,
		description: org.description,
		accent_color: org.accentColor,
		logo_url: org.logoUrl,
		website: org.website,
		bbox: org.bboxWest === null ? null : ([org.bboxWest, org.bboxSouth, org.bboxEast, org.bboxNorth] as [number, number, number, number]),
		url: `${siteUrl}/organisations/${org.slug}`
	};
}
