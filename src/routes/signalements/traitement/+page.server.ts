import { error } from '@sveltejs/kit';
import { inArray } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { bulkStatusInput, queueQuery, queueSorts } from '#lib/features/streetreports/api.js';
import { categoryName, inTreeOrder, listCategories } from '#lib/features/streetreports/server/categories.js';
import { agentOrganisations, bulkChangeStatus, listQueue } from '#lib/features/streetreports/server/queue.js';
import { reportContext, toReportJson } from '#lib/features/streetreports/server/reports.js';
import { validate } from '#lib/server/api/validation.js';
import { streetReportTemplates } from '#lib/server/db/schema.js';
import { formAction, formFailure, readFormValues, siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The agent's queue: filter, sort, page through, see on a map, and answer many reports at once. */
export const load: PageServerLoad = async (event) => {
	const runtime = getRuntime();
	const { db } = runtime.database;
	const { actor, locale } = event.locals;
	const mine = await agentOrganisations(db, actor);
	if (!mine.length) error(actor.userId ? 403 : 401, actor.userId ? 'Réservé aux agents des organisations.' : 'Connectez-vous.');
	const params = Object.fromEntries(event.url.searchParams);
	const parsed = validate(queueQuery, params, locale);
	const known = parsed.success && (!parsed.data.organisation || mine.some((o) => o.slug === parsed.data.organisation));
	const query = known ? parsed.data : queueQuery.parse({});
	const [queue, context, categories, templates] = await Promise.all([
		listQueue(db, actor, query),
		reportContext(db),
		listCategories(db),
		db.select().from(streetReportTemplates).where(inArray(streetReportTemplates.organisationId, mine.map((o) => o.id)))
	]);
	const slugOf = new Map(mine.map((o) => [o.id, o.slug]));
	return {
		organisations: mine.map(({ slug, name }) => ({ slug, name })),
		filters: {
			organisation: query.organisation ?? '',
			status: query.status ?? '',
			category: query.category ?? '',
			q: query.q ?? '',
			sort: query.sort,
			near_lat: query.near_lat === undefined ? '' : String(query.near_lat),
			near_lon: query.near_lon === undefined ? '' : String(query.near_lon)
		},
		invalidFilters: parsed.success ? null : parsed.fields,
		sorts: queueSorts,
		categories: inTreeOrder(categories).map((c) => ({ slug: c.slug, name: `${'— '.repeat(c.depth)}${categoryName(c, locale)}` })),
		templates: templates
			.map((t) => ({ id: t.id, organisation: slugOf.get(t.organisationId)!, title: t.title, status: t.status, publicText: t.publicText }))
			.sort((a, b) => a.organisation.localeCompare(b.organisation) || a.title.localeCompare(b.title, 'fr')),
		reports: queue.items.map((r) => toReportJson(r, context, locale, siteUrl(event), { staff: true })),
		page: queue.page,
		pages: queue.pages,
		total: queue.total,
		tiles: runtime.config.map
	};
};

export const actions: Actions = {
	/** The selected reports (`ids`, checkboxes) get one status and comment, all or none. */
	bulk: async (event) => {
		const { db } = getRuntime().database;
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const values = { ...form.values, ids: form.values.ids === undefined ? [] : ([] as unknown[]).concat(form.values.ids) };
		const parsed = validate(bulkStatusInput, values, event.locals.locale);
		if (!parsed.success) return formFailure(event, 422, 'form.invalid', parsed.fields, values);
		const result = await formAction(event, values, () => bulkChangeStatus(db, event.locals.actor, parsed.data));
		if (!result.ok) return result.failure;
		getRuntime().outbox.kick();
		return { done: 'bulk', count: result.value.length };
	}
};
