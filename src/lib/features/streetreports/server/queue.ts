import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { ApiError } from '#lib/server/api/errors.js';
import { can, type Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { organisations, streetReports } from '#lib/server/db/schema.js';
import type { BulkStatusInput, QueueQuery } from '../api.js';
import { categoryBySlug, inTreeOrder, lineage, listCategories } from './categories.js';
import { applyStatus, type StreetReport } from './reports.js';
import { templateComment } from './templates.js';

/** The organisations whose reports the actor processes (agent role), by name. */
export async function agentOrganisations(db: DbOrTx, actor: Actor) {
	const ids = actor.memberships.filter((m) => can(actor, 'report.process', { organisationId: m.organisationId })).map((m) => m.organisationId);
	if (!ids.length) return [];
	return db.select({ id: organisations.id, slug: organisations.slug, name: organisations.name }).from(organisations).where(inArray(organisations.id, ids)).orderBy(asc(organisations.name));
}

/** `%` and `_` typed by the agent are searched as themselves. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The agent's queue: the reports of the organisations they work for (or one of them), filtered by
 * status, category (with its sub-categories) and words, sorted, one bounded page at a time
 * (`page` ≤ QUEUE_MAX_PAGE). Only agents: anyone else gets 401/403.
 */
export async function listQueue(db: DbOrTx, actor: Actor, query: QueueQuery) {
	const mine = await agentOrganisations(db, actor);
	if (!mine.length) throw new ApiError(actor.userId ? 'forbidden' : 'unauthenticated', actor.userId ? 'streetreports.error.agentsOnly' : 'error.unauthenticated');
	const chosen = query.organisation ? mine.filter((o) => o.slug === query.organisation) : mine;
	if (!chosen.length) throw new ApiError('forbidden', 'streetreports.error.notYourOrganisation', undefined, undefined, { organisation: query.organisation ?? '' });
	let categoryIds: string[] | undefined;
	if (query.category) {
		const category = await categoryBySlug(db, query.category);
		const all = await listCategories(db);
		categoryIds = all.filter((c) => lineage(all, c.id).includes(category.id)).map((c) => c.id);
	}
	const where = and(
		inArray(
			streetReports.organisationId,
			chosen.map((o) => o.id)
		),
		query.status ? eq(streetReports.status, query.status) : undefined,
		categoryIds ? inArray(streetReports.categoryId, categoryIds) : undefined,
		query.q ? or(ilike(streetReports.description, likePattern(query.q)), ilike(streetReports.address, likePattern(query.q)), ilike(streetReports.trackingCode, likePattern(query.q))) : undefined
	);
	const order: SQL[] = [];
	if (query.sort === 'oldest') order.push(asc(streetReports.createdAt), asc(streetReports.id));
	else if (query.sort === 'updated') order.push(desc(streetReports.updatedAt), desc(streetReports.id));
	else if (query.sort === 'category') {
		// As the tree lists them (each family together), the same on every engine whatever its collation.
		const tree = inTreeOrder(await listCategories(db)).map((c) => sql`${c.id}`);
		order.push(asc(sql`array_position(array[${sql.join(tree, sql`, `)}]::uuid[], ${streetReports.categoryId})`), desc(streetReports.createdAt), desc(streetReports.id));
	}
	else if (query.sort === 'nearest') {
		// Equirectangular distance: exact enough to rank points of one territory, and plain arithmetic in SQL.
		const lat = query.near_lat!;
		const lon = query.near_lon!;
		const k = Math.cos((lat * Math.PI) / 180);
		order.push(
			asc(sql`(${streetReports.latitude} - ${lat}::double precision) * (${streetReports.latitude} - ${lat}::double precision) + (${streetReports.longitude} - ${lon}::double precision) * (${streetReports.longitude} - ${lon}::double precision) * ${k * k}::double precision`),
			desc(streetReports.id)
		);
	} else order.push(desc(streetReports.createdAt), desc(streetReports.id));
	const [[{ total }], rows] = await Promise.all([
		db.select({ total: count() }).from(streetReports).where(where),
		db
			.select()
			.from(streetReports)
			.where(where)
			.orderBy(...order)
			.limit(query.limit)
			.offset((query.page - 1) * query.limit)
	]);
	return { items: rows, total: Number(total), page: query.page, pages: Math.max(1, Math.ceil(Number(total) / query.limit)), organisations: mine };
}

/**
 * One status (with a public and a private comment, or a template's text) on many reports at once,
 * in one transaction: every report must exist (else 400) and be handled by an organisation the
 * agent works for (else 403); then each gets its history row and its reporter is told, as for a
 * single change. Nothing changes when anything is refused.
 */
export async function bulkChangeStatus(db: Db, actor: Actor, input: BulkStatusInput, now = new Date()): Promise<StreetReport[]> {
	const ids = [...new Set(input.ids.map((id) => id.toLowerCase()))];
	return db.transaction(async (tx) => {
		// Locked in id order, so two bulk changes on overlapping selections never deadlock.
		const rows = await tx.select().from(streetReports).where(inArray(streetReports.id, ids)).orderBy(asc(streetReports.id)).for('update');
		const missing = ids.filter((id) => !rows.some((r) => r.id === id));
		if (missing.length)
			throw new ApiError('bad_request', 'streetreports.error.unknownReports', { ids: 'streetreports.validation.unknownReports' }, undefined, { count: missing.length, ids: missing.join(', ') });
		for (const report of rows) {
			if (!report.organisationId || !can(actor, 'report.process', { organisationId: report.organisationId }))
				throw new ApiError(actor.userId ? 'forbidden' : 'unauthenticated', actor.userId ? 'streetreports.error.notYourReports' : 'error.unauthenticated');
		}
		const publicComment = await templateComment(tx, input.template, rows.map((r) => r.organisationId!), input.public_comment);
		const updated: StreetReport[] = [];
		for (const report of rows)
			updated.push(await applyStatus(tx, report.id, { status: input.status, publicComment, privateComment: input.private_comment, actorId: actor.userId, source: 'agent' }, now));
		return updated;
	});
}
