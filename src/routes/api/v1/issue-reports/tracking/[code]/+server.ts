import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { trackingQuery } from '#lib/features/streetreports/api.js';
import { presentReport, reportByTrackingCode } from '#lib/features/streetreports/server/reports.js';
import { endpoint, parse } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { code } = parse(trackingQuery, { code: event.params.code }, event);
	const report = await reportByTrackingCode(db, code);
	return json(await presentReport(db, report, { actor: event.locals.actor, locale: event.locals.locale, siteUrl: siteUrl(event) }, { withTrackingCode: true }));
});
