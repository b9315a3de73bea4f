import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { reportRerouteInput } from '#lib/features/streetreports/api.js';
import { presentReport, reportOr404, rerouteReport } from '#lib/features/streetreports/server/reports.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const report = await reportOr404(db, event.params.id);
	const input = parse(reportRerouteInput, await readJson(event), event);
	const updated = await rerouteReport(db, event.locals.actor, report, input);
	getRuntime().outbox.kick();
	return json(await presentReport(db, updated, { actor: event.locals.actor, locale: event.locals.locale, siteUrl: siteUrl(event) }));
});
