import type { PageServerLoad } from './$types';
import { listReports, reportContext, toReportJson } from '#lib/features/streetreports/server/reports.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = async (event) => {
	const { db } = getRuntime().database;
	const [page, context] = await Promise.all([listReports(db, { limit: 20 }), reportContext(db)]);
	const agentOf = event.locals.actor.memberships.filter((m) => m.role === 'agent').length > 0;
	return { reports: page.items.map((r) => toReportJson(r, context, event.locals.locale, siteUrl(event))), agentOf };
};
