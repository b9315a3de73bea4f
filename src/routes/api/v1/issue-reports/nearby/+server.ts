import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { nearbyQuery } from '#lib/features/streetreports/api.js';
import { nearbyOpenReports, reportContext, toReportJson } from '#lib/features/streetreports/server/reports.js';
import { endpoint, parse } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Open reports of the category near a point: shown before submitting, to follow one instead of a duplicate. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const query = parse(nearbyQuery, Object.fromEntries(event.url.searchParams), event);
	const [nearby, context] = await Promise.all([nearbyOpenReports(db, query), reportContext(db)]);
	return json({
		items: nearby.map(({ report, distance }) => ({ ...toReportJson(report, context, event.locals.locale, siteUrl(event)), distance_m: Math.round(distance) }))
	});
});
