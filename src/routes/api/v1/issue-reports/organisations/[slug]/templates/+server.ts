import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireOrganisation } from '#lib/features/organisations/server/organisations.js';
import { templateInput } from '#lib/features/streetreports/api.js';
import { createTemplate, listTemplates, templateJson } from '#lib/features/streetreports/server/templates.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The organisation's answer templates: its agents and administrators. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const organisation = await requireOrganisation(db, event.params.slug);
	authorize(event, 'report.manageTemplates', { organisationId: organisation.id });
	const templates = await listTemplates(db, organisation.id);
	return json({ items: templates.map((t) => templateJson(t, organisation.slug)) });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const organisation = await requireOrganisation(db, event.params.slug);
	authorize(event, 'report.manageTemplates', { organisationId: organisation.id });
	const input = parse(templateInput, await readJson(event), event);
	const created = await createTemplate(db, event.locals.actor, organisation.id, input);
	return json(templateJson(created, organisation.slug), { status: 201 });
});
