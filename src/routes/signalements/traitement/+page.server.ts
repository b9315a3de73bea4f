import { error } from '@sveltejs/kit';
import { inArray } from 'drizzle-orm';
import type { PageServerLoad } from './$types';
import { reportListQuery } from '#lib/features/streetreports/api.js';
import { categoryName, inTreeOrder, listCategories } from '#lib/features/streetreports/server/categories.js';
import { listReports, reportContext, toReportJson } from '#lib/features/streetreports/server/reports.js';
import { validate } from '#lib/server/api/validation.js';
import { can } from '#lib/server/auth/policy.js';
import { organisations } from '#lib/server/db/schema.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The agent's queue: the reports of an organisation they process, filtered by status and category. */
export const load: PageServerLoad = async (event) => {
	const { db } = getRuntime().database;
	const { actor, locale } = event.locals;
	const ids = actor.memberships.filter((m) => can(actor, 'report.process', { organisationId: m.organisationId })).map((m) => m.organisationId);
	if (!ids.length) error(actor.userId ? 403 : 401, actor.userId ? 'Réservé aux agents des organisations.' : 'Connectez-vous.');
	const mine = await db.select({ slug: organisations.slug, name: organisations.name }).from(organisations).where(inArray(organisations.id, ids));
	const params = Object.fromEntries(event.url.searchParams);
	const parsed = validate(reportListQuery, { ...params, organisation: params.organisation || mine[0].slug, status: params.status || undefined, category: params.category || undefined }, locale);
	const query = parsed.success && mine.some((o) => o.slug === parsed.data.organisation) ? parsed.data : { organisation: mine[0].slug, limit: 20 };
	const [page, context, categories] = await Promise.all([listReports(db, { ...query, limit: 50 }), reportContext(db), listCategories(db)]);
	return {
		organisations: mine,
		filters: { organisation: query.organisation!, status: 'status' in query ? (query.status ?? '') : '', category: 'category' in query ? (query.category ?? '') : '' },
		categories: inTreeOrder(categories).map((c) => ({ slug: c.slug, name: `${'— '.repeat(c.depth)}${categoryName(c, locale)}` })),
		reports: page.items.map((r) => toReportJson(r, context, locale, siteUrl(event), { staff: true }))
	};
};
