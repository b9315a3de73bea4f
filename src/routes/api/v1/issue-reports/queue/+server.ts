import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { queueQuery } from '#lib/features/streetreports/api.js';
import { listQueue } from '#lib/features/streetreports/server/queue.js';
import { reportContext, toReportJson } from '#lib/features/streetreports/server/reports.js';
import { endpoint, parse } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The agent's queue: reports of the organisations they work for, filtered, sorted, paginated. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { actor, locale } = event.locals;
	const query = parse(queueQuery, Object.fromEntries(event.url.searchParams), event);
	const [queue, context] = await Promise.all([listQueue(db, actor, query), reportContext(db)]);
	return json({
		items: queue.items.map((report) => toReportJson(report, context, locale, siteUrl(event), { staff: true })),
		page: queue.page,
		pages: queue.pages,
		total: queue.total
	});
});
