import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { bulkStatusInput } from '#lib/features/streetreports/api.js';
import { bulkChangeStatus } from '#lib/features/streetreports/server/queue.js';
import { reportContext, toReportJson } from '#lib/features/streetreports/server/reports.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** One status and comment on many reports at once: all or nothing. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { actor, locale } = event.locals;
	const input = parse(bulkStatusInput, await readJson(event), event);
	const updated = await bulkChangeStatus(db, actor, input);
	getRuntime().outbox.kick();
	const context = await reportContext(db);
	return json({ updated: updated.length, items: updated.map((report) => toReportJson(report, context, locale, siteUrl(event), { staff: true })) });
});
