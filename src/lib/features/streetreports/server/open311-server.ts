/**
 * Parvis as an Open311 GeoReport v2 server (http://wiki.open311.org/GeoReport_v2): report
 * categories are the services, reports are the service requests. Reports are created through
 * `createReport`, the portal form's own function, so routing, anonymity rules and validation are
 * the same; only public fields leave (never contact details nor agents' private comments).
 */
import { and, desc, eq, gte, inArray, lte, notInArray } from 'drizzle-orm';
import { authenticateApiToken } from '#lib/features/accounts/server/api-tokens.js';
import { loadActor } from '#lib/features/organisations/server/organisations.js';
import { translate, type Locale } from '#lib/i18n/index.js';
import { ApiError, localiseFields } from '#lib/server/api/errors.js';
import { isUuid, validate, type FieldErrors } from '#lib/server/api/validation.js';
import type { Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { organisations, streetReportCompetences, streetReportEvents, streetReports } from '#lib/server/db/schema.js';
import { reportCreateInput, trackingCodePattern } from '../api.js';
import { openStatuses, type StreetReportStatus } from '../schema.js';
import { categoryName, lineage, listCategories, type Category } from './categories.js';
import { firstVisiblePhotos, photoUrl } from './photos.js';
import { createReport, locateReport, reportByTrackingCode, reportContext, reportOr404, routeReport, type ReportContext, type StreetReport } from './reports.js';

export const OPEN311_BASE_PATH = '/open311/v2';
/** When this implementation last changed (GeoReport v2 `changeset`). */
const CHANGESET = '2026-12-07T00:00:00Z';
/** The spec's default window when a list names neither ids nor dates, and its cap on results. */
const DEFAULT_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;
const MAX_RESULTS = 1000;
const MAX_IDS = 200;
const FIRST_DATE = Date.parse('0001-01-01T00:00:00Z');
const LAST_DATE = Date.parse('9999-12-31T23:59:59Z');

/** Parvis's statuses in the standard's two: waiting for action is `open`, anything decided is `closed`. */
export const open311Status = (status: StreetReportStatus): 'open' | 'closed' => (openStatuses.includes(status) ? 'open' : 'closed');

/** The one place a request's `media_url` is filled: the public URL of the report's first visible photo. */
export function mediaUrlOf(report: StreetReport, siteUrl: string, firstPhotos: Map<string, number>): string | null {
	const position = firstPhotos.get(report.id);
	return position ? photoUrl(siteUrl, report.id, position) : null;
}

/** `jurisdiction_id`: absent or the site's host is the whole platform; an organisation's slug narrows to it. */
export async function resolveJurisdiction(db: DbOrTx, value: string | null | undefined, siteUrl: string) {
	const id = value?.trim();
	if (!id || id === new URL(siteUrl).host) return null;
	const [organisation] = await db.select({ id: organisations.id, slug: organisations.slug, name: organisations.name }).from(organisations).where(eq(organisations.slug, id));
	if (!organisation) throw new ApiError('not_found', 'open311.error.jurisdiction', undefined, undefined, { jurisdiction: id });
	return organisation;
}
export type Jurisdiction = Awaited<ReturnType<typeof resolveJurisdiction>>;

export function discovery(siteUrl: string, locale: Locale) {
	return {
		changeset: CHANGESET,
		contact: translate(locale, 'open311.discovery.contact', { url: siteUrl }),
		key_service: translate(locale, 'open311.discovery.keyService'),
		endpoints: [
			{
				specification: 'http://wiki.open311.org/GeoReport_v2',
				url: `${siteUrl}${OPEN311_BASE_PATH}`,
				changeset: CHANGESET,
				type: 'production',
				formats: ['application/json', 'text/xml']
			}
		]
	};
}

const isLeaf = (categories: Category[], category: Category) => !categories.some((c) => c.parentId === category.id);

/** Leaf categories (grouped under their parent), those the jurisdiction's organisation handles when one is named. */
export async function listServices(db: DbOrTx, jurisdiction: Jurisdiction, locale: Locale) {
	const categories = await listCategories(db);
	const byId = new Map(categories.map((c) => [c.id, c]));
	let leaves = categories.filter((c) => isLeaf(categories, c));
	if (jurisdiction) {
		const competences = await db.select({ categoryId: streetReportCompetences.categoryId }).from(streetReportCompetences).where(eq(streetReportCompetences.organisationId, jurisdiction.id));
		const handled = new Set(competences.map((c) => c.categoryId));
		leaves = leaves.filter((leaf) => lineage(categories, leaf.id).some((id) => handled.has(id)));
	}
	return leaves.map((leaf) => {
		const parent = leaf.parentId ? byId.get(leaf.parentId) : undefined;
		return {
			service_code: leaf.slug,
			service_name: categoryName(leaf, locale),
			description: parent ? `${categoryName(parent, locale)} — ${categoryName(leaf, locale)}` : categoryName(leaf, locale),
			metadata: false,
			type: 'realtime',
			keywords: [parent?.slug, leaf.slug].filter(Boolean).join(','),
			group: parent ? categoryName(parent, locale) : null
		};
	});
}

async function categoryByCode(db: DbOrTx, code: string) {
	const category = (await listCategories(db)).find((c) => c.slug === code);
	if (!category) throw new ApiError('not_found', 'open311.error.serviceCode', undefined, undefined, { code });
	return category;
}

/** `services/{code}`: no category asks extra questions, so every definition has no attributes. */
export async function serviceDefinition(db: DbOrTx, code: string) {
	const category = await categoryByCode(db, code);
	return { service_code: category.slug, attributes: [] as never[] };
}

/** The latest status or re-routing of each report: its public comment is the request's `status_notes`. */
async function latestNotes(db: DbOrTx, reportIds: string[]) {
	if (!reportIds.length) return new Map<string, string | null>();
	const rows = await db
		.selectDistinctOn([streetReportEvents.reportId], { reportId: streetReportEvents.reportId, comment: streetReportEvents.publicComment })
		.from(streetReportEvents)
		.where(and(inArray(streetReportEvents.reportId, reportIds), inArray(streetReportEvents.type, ['status', 'rerouted'])))
		.orderBy(streetReportEvents.reportId, desc(streetReportEvents.createdAt), desc(streetReportEvents.id));
	return new Map(rows.map((r) => [r.reportId, r.comment]));
}

/**
 * A report as a GeoReport v2 service request. `extended_attributes.parvis_status` (asked with
 * `extensions=true`) keeps the finer status, so another Parvis polling this one loses nothing.
 */
function toServiceRequest(
	report: StreetReport,
	context: ReportContext,
	notes: Map<string, string | null>,
	firstPhotos: Map<string, number>,
	view: { locale: Locale; siteUrl: string; extensions: boolean }
) {
	const category = context.categories.get(report.categoryId)!;
	return {
		service_request_id: report.id,
		status: open311Status(report.status),
		status_notes: notes.get(report.id) ?? null,
		service_name: categoryName(category, view.locale),
		service_code: category.slug,
		description: report.description,
		agency_responsible: report.organisationId ? (context.organisations.get(report.organisationId)?.name ?? null) : null,
		service_notice: null,
		requested_datetime: report.createdAt.toISOString(),
		updated_datetime: report.updatedAt.toISOString(),
		expected_datetime: null,
		address: report.address,
		address_id: null,
		zipcode: null,
		lat: report.latitude,
		long: report.longitude,
		media_url: mediaUrlOf(report, view.siteUrl, firstPhotos),
		...(view.extensions ? { extended_attributes: { parvis_status: report.status, url: `${view.siteUrl}/signalements/${report.id}` } } : {})
	};
}

async function presentRequests(db: DbOrTx, reports: StreetReport[], view: { locale: Locale; siteUrl: string; extensions: boolean }) {
	const ids = reports.map((r) => r.id);
	const [context, notes, firstPhotos] = await Promise.all([reportContext(db), latestNotes(db, ids), firstVisiblePhotos(db, ids)]);
	return reports.map((report) => toServiceRequest(report, context, notes, firstPhotos, view));
}

/** GET `requests` filters, as the spec names them; a malformed one is a 400 naming it. */
function requestsQuery(params: URLSearchParams) {
	const list = (name: string) => (params.get(name) ?? '').split(',').map((v) => v.trim()).filter(Boolean);
	const date = (field: string) => {
		const value = params.get(field);
		if (!value) return undefined;
		const time = Date.parse(value);
		// Years 1–9999 only: JavaScript reaches further than PostgreSQL's timestamps do.
		if (Number.isNaN(time) || time < FIRST_DATE || time > LAST_DATE) throw new ApiError('bad_request', 'open311.error.date', undefined, undefined, { field });
		return new Date(time);
	};
	const status = list('status');
	if (status.some((s) => s !== 'open' && s !== 'closed')) throw new ApiError('bad_request', 'open311.error.status');
	return { ids: list('service_request_id'), codes: list('service_code'), start: date('start_date'), end: date('end_date'), status: new Set(status), extensions: params.get('extensions') === 'true' };
}

/** Turns field errors into one precise 400, in the standard's words. */
function badRequest(fields: FieldErrors, names: Record<string, string> = {}): never {
	const description = Object.entries(fields)
		.map(([field, message]) => `${names[field] ?? field}: ${message}`)
		.join(' ');
	throw new ApiError('bad_request', description);
}

/**
 * GET `requests`: by ids (which override every other filter, as the spec says), or by service
 * codes (a group's code takes its children), dates (default: the last 90 days), open/closed and
 * jurisdiction; newest first, at most 1,000.
 */
export async function listRequests(db: DbOrTx, params: URLSearchParams, jurisdiction: Jurisdiction, view: { locale: Locale; siteUrl: string }, now = new Date()) {
	const query = requestsQuery(params);
	const presentation = { ...view, extensions: query.extensions };
	if (query.ids.length) {
		if (query.ids.length > MAX_IDS) throw new ApiError('bad_request', 'open311.error.tooManyIds', undefined, undefined, { max: MAX_IDS });
		const ids = query.ids.filter(isUuid).map((id) => id.toLowerCase());
		const rows = ids.length ? await db.select().from(streetReports).where(inArray(streetReports.id, ids)).orderBy(desc(streetReports.createdAt)) : [];
		return presentRequests(db, rows, presentation);
	}
	const end = query.end ?? (query.start ? undefined : now);
	const start = query.start ?? (end ? new Date(end.getTime() - DEFAULT_WINDOW_MS) : undefined);
	if (start && end && start > end) throw new ApiError('bad_request', 'open311.error.dateRange');
	let categoryIds: string[] | undefined;
	if (query.codes.length) {
		const categories = await listCategories(db);
		const wanted = categories.filter((c) => query.codes.includes(c.slug)).map((c) => c.id);
		categoryIds = categories.filter((c) => lineage(categories, c.id).some((id) => wanted.includes(id))).map((c) => c.id);
		if (!categoryIds.length) return [];
	}
	const statusFilter =
		query.status.size === 1 ? (query.status.has('open') ? inArray(streetReports.status, [...openStatuses]) : notInArray(streetReports.status, [...openStatuses])) : undefined;
	const rows = await db
		.select()
		.from(streetReports)
		.where(
			and(
				jurisdiction ? eq(streetReports.organisationId, jurisdiction.id) : undefined,
				categoryIds ? inArray(streetReports.categoryId, categoryIds) : undefined,
				start ? gte(streetReports.createdAt, start) : undefined,
				end ? lte(streetReports.createdAt, end) : undefined,
				statusFilter
			)
		)
		.orderBy(desc(streetReports.createdAt), desc(streetReports.id))
		.limit(MAX_RESULTS);
	return presentRequests(db, rows, presentation);
}

/** GET `requests/{id}`: the one request, as a list of one (as the spec shapes it). */
export async function requestById(db: DbOrTx, id: string, view: { locale: Locale; siteUrl: string; extensions: boolean }) {
	return presentRequests(db, [await reportOr404(db, id)], view);
}

/** GET `tokens/{token}`: the token a creation answers with is the report's tracking code. */
export async function requestIdOfToken(db: DbOrTx, token: string) {
	const code = token.trim().toUpperCase();
	if (!trackingCodePattern.test(code)) throw new ApiError('not_found', 'open311.error.token');
	const report = await reportByTrackingCode(db, code).catch((error) => {
		throw error instanceof ApiError ? new ApiError('not_found', 'open311.error.token') : error;
	});
	return [{ service_request_id: report.id, token: report.trackingCode }];
}

/** The caller behind an `api_key`: a live personal API token of an account that is not blocked. */
export async function actorOfApiKey(db: DbOrTx, apiKey: unknown): Promise<Actor> {
	const user = typeof apiKey === 'string' && apiKey ? await authenticateApiToken(db, apiKey.trim()) : undefined;
	if (!user || user.blockedAt) throw new ApiError('forbidden', 'open311.error.apiKey');
	return loadActor(db, user);
}

/** Open311 field names for the portal's, so a refusal names what the caller sent. */
const open311Names: Record<string, string> = {
	category: 'service_code',
	latitude: 'lat',
	longitude: 'long',
	address: 'address_string',
	contact_email: 'email',
	contact_phone: 'phone',
	contact_name: 'first_name'
};

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * POST `requests`: the form's fields renamed onto the portal's input, validated by the same
 * schema and created by the same function. A `jurisdiction_id` naming an organisation must be
 * where the report is routed: otherwise nothing is written and the answer says who handles it.
 */
export async function createRequest(db: Db, actor: Actor, body: Record<string, unknown>, jurisdiction: Jurisdiction, view: { locale: Locale; siteUrl: string }) {
	const code = text(body.service_code)?.trim();
	if (!code) throw new ApiError('bad_request', 'open311.error.serviceCodeMissing');
	const category = await categoryByCode(db, code);
	const given = (value: unknown) => typeof value === 'number' || Boolean(text(value)?.trim());
	if ((!given(body.lat) || !given(body.long)) && !given(body.address_string)) throw new ApiError('bad_request', 'open311.error.location');
	const name = [text(body.first_name), text(body.last_name)].map((part) => part?.trim()).filter(Boolean).join(' ');
	const result = validate(
		reportCreateInput,
		{
			category: code,
			latitude: body.lat,
			longitude: body.long,
			address: text(body.address_string),
			description: text(body.description) ?? '',
			contact_name: name || undefined,
			contact_email: text(body.email),
			contact_phone: text(body.phone)
		},
		view.locale
	);
	if (!result.success) badRequest(result.fields, open311Names);
	const input = await locateReport(result.data).catch((error: unknown) => {
		if (error instanceof ApiError && error.fields) badRequest(localiseFields(error.fields, view.locale)!, open311Names);
		throw error;
	});
	if (jurisdiction) {
		const route = await routeReport(db, await listCategories(db), category.id, input);
		if (route.organisation?.id !== jurisdiction.id)
			throw new ApiError('bad_request', 'open311.error.jurisdictionMismatch', undefined, undefined, {
				organisation: route.organisation?.name ?? '—',
				jurisdiction: jurisdiction.slug
			});
	}
	const { report, organisation } = await createReport(db, actor, input, view.siteUrl);
	const notice = organisation
		? translate(view.locale, 'open311.notice.created', { organisation: organisation.name, code: report.trackingCode })
		: translate(view.locale, 'open311.notice.unrouted', { code: report.trackingCode });
	return [{ service_request_id: report.id, token: report.trackingCode, service_notice: notice, account_id: null }];
}

