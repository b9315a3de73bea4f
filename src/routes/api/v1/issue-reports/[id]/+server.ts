import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { presentReport, reportOr404 } from '#lib/features/streetreports/server/reports.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const report = await reportOr404(db, event.params.id);
	return json(await presentReport(db, report, { actor: event.locals.actor, locale: event.locals.locale, siteUrl: siteUrl(event) }));
});
