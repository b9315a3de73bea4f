import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Locale } from '#lib/i18n/index.js';
import { translate } from '#lib/i18n/index.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '#lib/server/api/pagination.js';
import { isUuid } from '#lib/server/api/validation.js';
import { can, type Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { organisations, streetReportCompetences, streetReportEvents, streetReports, streetReportSettings, users } from '#lib/server/db/schema.js';
import { searchAddress } from '#lib/server/geocoding.js';
import { queueMail } from '#lib/server/mail/mail.js';
import { getRuntime } from '#lib/server/runtime.js';
import { follow, notifyFollowers, notifyUsers } from '#lib/features/notifications/server/notifications.js';
import type { TerritoryGeometry } from '#lib/features/organisations/schema.js';
import type { nearbyQuery, ReportCreateInput, reportListQuery, reportRerouteInput, reportStatusInput } from '../api.js';
import type { z } from 'zod';
import { openStatuses, type StreetReportStatus } from '../schema.js';
import { categoryBySlug, categoryName, lineage, listCategories, type Category } from './categories.js';
import { boxAround, distanceMetres, territoryContains } from './geo.js';
import { scheduleForwarding } from './forwarding.js';
import { insertPhotos, listPhotos, photoJson, type PhotoInfo, type PreparedPhoto } from './photos.js';
import { templateComment } from './templates.js';

export type StreetReport = typeof streetReports.$inferSelect;
export type StreetReportEvent = typeof streetReportEvents.$inferSelect;
export type HistoryEvent = StreetReportEvent & { actorName: string | null };
export const REPORT_FOLLOW_TYPE = 'street_report';

interface RoutedOrganisation {
	id: string;
	slug: string;
	name: string;
	allowAnonymous: boolean;
}
export interface Route {
	organisation: RoutedOrganisation | null;
	routing: 'competence' | 'fallback';
}

/**
 * The organisation competent for a category at a point: the bounding boxes pre-filter in SQL
 * (indexed), the exact test runs here on the few candidates; the highest priority wins, then the
 * smallest territory (the most local body). Nobody competent: the platform's fallback organisation.
 */
export async function routeReport(db: DbOrTx, categories: Category[], categoryId: string, point: { latitude: number; longitude: number }): Promise<Route> {
	const candidates = await db
		.select({
			id: organisations.id,
			slug: organisations.slug,
			name: organisations.name,
			territory: organisations.territory,
			allowAnonymous: sql<boolean>`coalesce(${streetReportSettings.allowAnonymous}, true)`
		})
		.from(streetReportCompetences)
		.innerJoin(organisations, eq(organisations.id, streetReportCompetences.organisationId))
		.leftJoin(streetReportSettings, eq(streetReportSettings.organisationId, organisations.id))
		.where(
			and(
				inArray(streetReportCompetences.categoryId, lineage(categories, categoryId)),
				isNotNull(organisations.territory),
				lte(organisations.bboxWest, point.longitude),
				gte(organisations.bboxEast, point.longitude),
				lte(organisations.bboxSouth, point.latitude),
				gte(organisations.bboxNorth, point.latitude)
			)
		)
		.orderBy(
			desc(streetReportCompetences.priority),
			asc(sql`(${organisations.bboxEast} - ${organisations.bboxWest}) * (${organisations.bboxNorth} - ${organisations.bboxSouth})`),
			asc(organisations.slug)
		);
	const match = candidates.find((c) => territoryContains(c.territory as TerritoryGeometry, point.longitude, point.latitude));
	if (match) return { organisation: { id: match.id, slug: match.slug, name: match.name, allowAnonymous: match.allowAnonymous }, routing: 'competence' };
	const [fallback] = await db
		.select({ id: organisations.id, slug: organisations.slug, name: organisations.name, allowAnonymous: streetReportSettings.allowAnonymous })
		.from(streetReportSettings)
		.innerJoin(organisations, eq(organisations.id, streetReportSettings.organisationId))
		.where(eq(streetReportSettings.fallback, true));
	return { organisation: fallback ?? null, routing: 'fallback' };
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 8 characters of Crockford base 32 (40 bits): unguessable enough to look a report up by. */
export function newTrackingCode() {
	const chars = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
	return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

export type Located<T extends ReportCreateInput> = T & { latitude: number; longitude: number };

/**
 * The report's point: the one given, or the geocoder's best match for its address (whose label
 * then replaces what was typed, so the report shows a clean address). Nothing found is a field
 * error on the address, never a report placed at random.
 */
export async function locateReport<T extends ReportCreateInput>(input: T): Promise<Located<T>> {
	if (input.latitude !== undefined && input.longitude !== undefined) return { ...input, latitude: input.latitude, longitude: input.longitude };
	if (!getRuntime().config.geocoderUrl)
		throw new ApiError('validation_failed', 'error.validation', { latitude: 'streetreports.validation.pointRequired' });
	const [place] = await searchAddress(input.address ?? '', 1);
	if (!place) throw new ApiError('validation_failed', 'error.validation', { address: 'streetreports.validation.addressNotFound' });
	return { ...input, latitude: place.latitude, longitude: place.longitude, address: place.label };
}

/** `photos` come re-encoded by `preparePhotos`; they are stored in the report's transaction. */
export async function createReport(db: Db, actor: Actor, given: ReportCreateInput & { photos?: PreparedPhoto[] }, siteUrl: string, now = new Date()) {
	const input = await locateReport(given);
	const categories = await listCategories(db);
	const category = await categoryBySlug(db, input.category);
	const route = await routeReport(db, categories, category.id, input);
	if (!can(actor, 'report.create', { allowAnonymous: route.organisation?.allowAnonymous ?? true }))
		throw new ApiError('unauthenticated', 'streetreports.error.signInRequired', undefined, undefined, { organisation: route.organisation?.name ?? '' });
	return db.transaction(async (tx) => {
		const [report] = await tx
			.insert(streetReports)
			.values({
				trackingCode: newTrackingCode(),
				categoryId: category.id,
				organisationId: route.organisation?.id ?? null,
				routing: route.routing,
				latitude: input.latitude,
				longitude: input.longitude,
				address: input.address ?? null,
				description: input.description,
				reporterId: actor.userId,
				contactName: input.contact_name ?? null,
				contactEmail: input.contact_email ?? null,
				contactPhone: input.contact_phone ?? null,
				createdAt: now,
				updatedAt: now
			})
			.returning();
		await tx.insert(streetReportEvents).values({
			reportId: report.id,
			type: 'created',
			status: 'received',
			organisationId: report.organisationId,
			actorId: actor.userId,
			source: 'system',
			createdAt: now
		});
		await insertPhotos(tx, report.id, input.photos ?? [], now);
		if (actor.userId) await follow(tx, actor.userId, { targetType: REPORT_FOLLOW_TYPE, targetId: report.id });
		if (route.routing === 'fallback') await alertPlatformAdmins(tx, report, category, route.organisation);
		if (report.organisationId) await scheduleForwarding(tx, report, now);
		return { report, category, organisation: route.organisation };
	});
}

/** Nobody was competent: the platform administrators should add a competence or a territory. */
async function alertPlatformAdmins(tx: DbOrTx, report: StreetReport, category: Category, fallback: RoutedOrganisation | null) {
	const admins = await tx.select({ id: users.id }).from(users).where(eq(users.isPlatformAdmin, true));
	await notifyUsers(tx, admins.map((a) => a.id), 'streetreport.unrouted', {
		title: `${category.nameFr} (${report.latitude.toFixed(5)}, ${report.longitude.toFixed(5)}) → ${fallback?.name ?? '—'}`,
		url: `/signalements/${report.id}`
	});
}

export async function reportOr404(db: DbOrTx, id: string): Promise<StreetReport> {
	if (!isUuid(id)) throw new ApiError('not_found', 'streetreports.error.notFound');
	const [report] = await db.select().from(streetReports).where(eq(streetReports.id, id.toLowerCase()));
	if (!report) throw new ApiError('not_found', 'streetreports.error.notFound');
	return report;
}

export async function reportByTrackingCode(db: DbOrTx, code: string): Promise<StreetReport> {
	const [report] = await db.select().from(streetReports).where(eq(streetReports.trackingCode, code));
	if (!report) throw new ApiError('not_found', 'streetreports.error.unknownCode');
	return report;
}

/** The events of a report in order, each with the name of the person who acted (shown to its handlers only). */
export async function reportHistory(db: DbOrTx, reportId: string): Promise<HistoryEvent[]> {
	const rows = await db
		.select({ event: streetReportEvents, actorName: users.displayName })
		.from(streetReportEvents)
		.leftJoin(users, eq(users.id, streetReportEvents.actorId))
		.where(eq(streetReportEvents.reportId, reportId))
		.orderBy(asc(streetReportEvents.createdAt), asc(streetReportEvents.id));
	return rows.map(({ event, actorName }) => ({ ...event, actorName }));
}

/** Whether the actor works on this report (sees contact details, private comments, tracking code). */
export const isHandler = (actor: Actor, report: Pick<StreetReport, 'organisationId'>) =>
	report.organisationId !== null && can(actor, 'report.process', { organisationId: report.organisationId });

/** Changes the status with a public comment (shown) and a private one (agents only); followers are told. */
export async function changeStatus(db: Db, actor: Actor, report: StreetReport, input: z.output<typeof reportStatusInput>, now = new Date()) {
	if (!report.organisationId) throw new ApiError('forbidden', 'error.forbidden');
	assertCan(actor, 'report.process', { organisationId: report.organisationId });
	const publicComment = await templateComment(db, input.template, [report.organisationId], input.public_comment);
	return db.transaction((tx) =>
		applyStatus(tx, report.id, { status: input.status, publicComment, privateComment: input.private_comment, actorId: actor.userId, source: 'agent' }, now)
	);
}

/**
 * One status change, from an agent or a reporting service, under the report's row lock. A pushed
 * update seen before (same `externalId`) changes nothing. Returns the report as it is now.
 */
export async function applyStatus(
	tx: DbOrTx,
	reportId: string,
	change: { status: StreetReportStatus; publicComment?: string; privateComment?: string; actorId?: string | null; source: string; externalId?: string },
	now = new Date()
) {
	const [report] = await tx.select().from(streetReports).where(eq(streetReports.id, reportId)).for('update');
	if (change.externalId) {
		const [seen] = await tx
			.select({ id: streetReportEvents.id })
			.from(streetReportEvents)
			.where(and(eq(streetReportEvents.reportId, reportId), eq(streetReportEvents.externalId, change.externalId)));
		if (seen) return report;
	}
	const [updated] = await tx.update(streetReports).set({ status: change.status, updatedAt: now }).where(eq(streetReports.id, reportId)).returning();
	await tx.insert(streetReportEvents).values({
		reportId,
		type: 'status',
		status: change.status,
		organisationId: report.organisationId,
		publicComment: change.publicComment || null,
		privateComment: change.privateComment || null,
		actorId: change.actorId ?? null,
		source: change.source,
		externalId: change.externalId ?? null,
		createdAt: now
	});
	await tellReporter(tx, updated, 'streetreport.status', change.publicComment, change.actorId ?? null);
	return updated;
}

/** Followers (the signed-in reporter follows from the start) in-app; an anonymous reporter's contact address by e-mail. */
async function tellReporter(tx: DbOrTx, report: StreetReport, kind: string, comment: string | undefined, actorId: string | null) {
	const status = translate('fr', `streetreports.status.${report.status}` as never);
	const url = `/signalements/${report.id}`;
	await notifyFollowers(tx, { targetType: REPORT_FOLLOW_TYPE, targetId: report.id }, kind, { title: `${report.trackingCode} — ${status}`, url, comment: comment ?? '' }, { exceptUserIds: [actorId] });
	if (!report.reporterId && report.contactEmail)
		await queueMail(tx, {
			to: report.contactEmail,
			subject: translate('fr', 'streetreports.mail.subject', { code: report.trackingCode, status }),
			text: translate('fr', 'streetreports.mail.body', { code: report.trackingCode, status, comment: comment || '—', url })
		});
}

/** Hands the report to another organisation whose territory holds the point; the reason is public. */
export async function rerouteReport(db: Db, actor: Actor, report: StreetReport, input: z.output<typeof reportRerouteInput>, now = new Date()) {
	if (!report.organisationId) throw new ApiError('forbidden', 'error.forbidden');
	assertCan(actor, 'report.process', { organisationId: report.organisationId });
	const [target] = await db.select().from(organisations).where(eq(organisations.slug, input.organisation));
	if (!target) throw new ApiError('validation_failed', 'error.validation', { organisation: 'streetreports.validation.unknownOrganisation' });
	if (target.id === report.organisationId) throw new ApiError('validation_failed', 'error.validation', { organisation: 'streetreports.validation.sameOrganisation' });
	if (!target.territory || !territoryContains(target.territory, report.longitude, report.latitude))
		throw new ApiError('validation_failed', 'error.validation', { organisation: 'streetreports.validation.outsideTerritory' });
	return db.transaction(async (tx) => {
		const [locked] = await tx.select().from(streetReports).where(eq(streetReports.id, report.id)).for('update');
		if (locked.organisationId !== report.organisationId) throw new ApiError('conflict', 'streetreports.error.alreadyRerouted');
		const [updated] = await tx
			.update(streetReports)
			.set({ organisationId: target.id, routing: 'rerouted', status: 'received', updatedAt: now })
			.where(eq(streetReports.id, report.id))
			.returning();
		await tx.insert(streetReportEvents).values({
			reportId: report.id,
			type: 'rerouted',
			status: 'received',
			organisationId: target.id,
			fromOrganisationId: report.organisationId,
			publicComment: input.reason,
			actorId: actor.userId,
			createdAt: now
		});
		await tellReporter(tx, updated, 'streetreport.rerouted', input.reason, actor.userId);
		await scheduleForwarding(tx, updated, now);
		return updated;
	});
}

/** Open reports of the category within `radius` metres, nearest first (what a duplicate would be). */
export async function nearbyOpenReports(db: DbOrTx, input: z.output<typeof nearbyQuery>) {
	const category = await categoryBySlug(db, input.category);
	const box = boxAround(input, input.radius);
	const rows = await db
		.select()
		.from(streetReports)
		.where(
			and(
				eq(streetReports.categoryId, category.id),
				inArray(streetReports.status, [...openStatuses]),
				gte(streetReports.longitude, box.west),
				lte(streetReports.longitude, box.east),
				gte(streetReports.latitude, box.south),
				lte(streetReports.latitude, box.north)
			)
		)
		.limit(200);
	return rows
		.map((report) => ({ report, distance: distanceMetres(input, report) }))
		.filter((r) => r.distance <= input.radius)
		.sort((a, b) => a.distance - b.distance)
		.slice(0, 20);
}

/** Newest first, keyset-paginated on (created_at, id). */
export async function listReports(db: DbOrTx, query: z.output<typeof reportListQuery>) {
	const organisation = query.organisation ? (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, query.organisation)))[0] : undefined;
	if (query.organisation && !organisation) return { items: [], nextCursor: null };
	const category = query.category ? await categoryBySlug(db, query.category) : undefined;
	const keys = decodeKeysetCursor(query.cursor);
	if (query.cursor && !(keys?.length === 2 && typeof keys[0] === 'string' && !Number.isNaN(Date.parse(keys[0])) && isUuid(keys[1])))
		throw new ApiError('validation_failed', 'error.validation', { cursor: 'validation.invalid' });
	const rows = await db
		.select()
		.from(streetReports)
		.where(
			and(
				organisation ? eq(streetReports.organisationId, organisation.id) : undefined,
				category ? inArray(streetReports.categoryId, [category.id, ...(await childIds(db, category.id))]) : undefined,
				query.status ? eq(streetReports.status, query.status) : undefined,
				keys
					? or(lt(streetReports.createdAt, new Date(String(keys[0]))), and(eq(streetReports.createdAt, new Date(String(keys[0]))), lt(streetReports.id, String(keys[1]))))
					: undefined
			)
		)
		.orderBy(desc(streetReports.createdAt), desc(streetReports.id))
		.limit(query.limit + 1);
	const items = rows.slice(0, query.limit);
	const last = items.at(-1);
	return { items, nextCursor: rows.length > query.limit && last ? encodeKeysetCursor([last.createdAt.toISOString(), last.id]) : null };
}

async function childIds(db: DbOrTx, categoryId: string) {
	const all = await listCategories(db);
	return all.filter((c) => c.id !== categoryId && lineage(all, c.id).includes(categoryId)).map((c) => c.id);
}

/** Names of the organisations and categories a list of reports mentions, loaded once. */
export async function reportContext(db: DbOrTx) {
	const [categories, orgs] = await Promise.all([listCategories(db), db.select({ id: organisations.id, slug: organisations.slug, name: organisations.name }).from(organisations)]);
	return { categories: new Map(categories.map((c) => [c.id, c])), organisations: new Map(orgs.map((o) => [o.id, o])) };
}
export type ReportContext = Awaited<ReturnType<typeof reportContext>>;

export function toReportJson(
	report: StreetReport,
	context: ReportContext,
	locale: Locale,
	siteUrl: string,
	options: { history?: HistoryEvent[]; photos?: PhotoInfo[]; staff?: boolean; withTrackingCode?: boolean } = {}
) {
	const category = context.categories.get(report.categoryId)!;
	const organisation = report.organisationId ? context.organisations.get(report.organisationId) : undefined;
	const orgName = (id: string | null) => (id ? (context.organisations.get(id)?.name ?? null) : null);
	return {
		id: report.id,
		...(options.withTrackingCode || options.staff ? { tracking_code: report.trackingCode } : {}),
		category: { slug: category.slug, name: categoryName(category, locale) },
		organisation: organisation ? { slug: organisation.slug, name: organisation.name } : null,
		routing: report.routing,
		status: report.status,
		latitude: report.latitude,
		longitude: report.longitude,
		address: report.address,
		description: report.description,
		created_at: report.createdAt.toISOString(),
		updated_at: report.updatedAt.toISOString(),
		...(options.staff ? { contact: { name: report.contactName, email: report.contactEmail, phone: report.contactPhone } } : {}),
		...(options.history
			? {
					history: options.history.map((e) => ({
						type: e.type,
						status: e.status,
						organisation: orgName(e.organisationId),
						from_organisation: orgName(e.fromOrganisationId),
						public_comment: e.publicComment,
						// Staff see which agent acted and on which photo; the public sees only that the organisation did.
						...(options.staff ? { private_comment: e.privateComment, actor: e.source === 'agent' ? e.actorName : null, photo: e.photoPosition } : {}),
						source: e.source,
						at: e.createdAt.toISOString()
					}))
				}
			: {}),
		...(options.photos ? { photos: options.photos.map((photo) => photoJson(report.id, photo, siteUrl, !!options.staff)) } : {}),
		url: `${siteUrl}/signalements/${report.id}`
	};
}

/** One report as the API shows it to this actor: with its history; contact and private notes to its handlers only. */
export async function presentReport(db: DbOrTx, report: StreetReport, viewer: { actor: Actor; locale: Locale; siteUrl: string }, options: { withTrackingCode?: boolean } = {}) {
	const staff = isHandler(viewer.actor, report);
	const [context, history, photos] = await Promise.all([reportContext(db), reportHistory(db, report.id), listPhotos(db, report.id, staff)]);
	return toReportJson(report, context, viewer.locale, viewer.siteUrl, { history, photos, staff, ...options });
}

/** Organisations other than the current one whose territory holds the report's point: where an agent may re-route it. */
export async function rerouteTargets(db: DbOrTx, report: StreetReport) {
	const rows = await db
		.select({ id: organisations.id, slug: organisations.slug, name: organisations.name, territory: organisations.territory })
		.from(organisations)
		.where(
			and(
				isNotNull(organisations.territory),
				lte(organisations.bboxWest, report.longitude),
				gte(organisations.bboxEast, report.longitude),
				lte(organisations.bboxSouth, report.latitude),
				gte(organisations.bboxNorth, report.latitude)
			)
		)
		.orderBy(asc(organisations.name));
	return rows
		.filter((o) => o.id !== report.organisationId && territoryContains(o.territory as TerritoryGeometry, report.longitude, report.latitude))
		.map(({ slug, name }) => ({ slug, name }));
}
