import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { reportCreateApiInput, reportListQuery } from '#lib/features/streetreports/api.js';
import { preparePhotos } from '#lib/features/streetreports/server/photos.js';
import { createReport, isHandler, listReports, presentReport, reportContext, toReportJson } from '#lib/features/streetreports/server/reports.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { decodeBase64Files } from '#lib/server/files/base64-files.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const query = parse(reportListQuery, Object.fromEntries(event.url.searchParams), event);
	const page = await listReports(db, query);
	const context = await reportContext(db);
	return json({
		items: page.items.map((report) => toReportJson(report, context, event.locals.locale, siteUrl(event), { staff: isHandler(event.locals.actor, report) })),
		next_cursor: page.nextCursor
	});
});

/** Anyone may report (signed out too, unless the competent organisation refuses anonymous reports), with photos. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const input = parse(reportCreateApiInput, await readJson(event), event);
	const photos = await preparePhotos(decodeBase64Files(input.photos), getRuntime().config.reportMaxPhotos);
	const { report } = await createReport(db, event.locals.actor, { ...input, photos }, siteUrl(event));
	getRuntime().outbox.kick();
	const viewer = { actor: event.locals.actor, locale: event.locals.locale, siteUrl: siteUrl(event) };
	return json(await presentReport(db, report, viewer, { withTrackingCode: true }), { status: 201 });
});
