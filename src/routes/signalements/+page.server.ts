import type { PageServerLoad } from './$types';
import { listReports, reportContext, toReportJson } from '#lib/features/streetreports/server/reports.js';
import { can } from '#lib/server/auth/policy.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = async (event) => {
	const { db } = getRuntime().database;
	const [page, context] = await Promise.all([listReports(db, { limit: 20 }), reportContext(db)]);
	const { actor } = event.locals;
	const agentOf = actor.memberships.some((m) => can(actor, 'report.process', { organisationId: m.organisationId }));
	const configurable = [...context.organisations.values()].filter((o) => actor.userId && can(actor, 'report.configure', { organisationId: o.id }));
	return {
		reports: page.items.map((r) => toReportJson(r, context, event.locals.locale, siteUrl(event))),
		agentOf,
		configurable: configurable.map((o) => ({ slug: o.slug, name: o.name }))
	};
};
