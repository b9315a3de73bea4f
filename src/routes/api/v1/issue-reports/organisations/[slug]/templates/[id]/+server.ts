import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireOrganisation } from '#lib/features/organisations/server/organisations.js';
import { templateInput } from '#lib/features/streetreports/api.js';
import { deleteTemplate, templateJson, templateOr404, updateTemplate } from '#lib/features/streetreports/server/templates.js';
import { authorize, endpoint, parse, readJson, uuidParam } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

async function scope(event: Parameters<RequestHandler>[0]) {
	const { db } = getRuntime().database;
	const organisation = await requireOrganisation(db, event.params.slug);
	authorize(event, 'report.manageTemplates', { organisationId: organisation.id });
	return { db, organisation, id: uuidParam(event.params.id, 'streetreports.error.templateNotFound') };
}

export const GET: RequestHandler = endpoint(async (event) => {
	const { db, organisation, id } = await scope(event);
	return json(templateJson(await templateOr404(db, organisation.id, id), organisation.slug));
});

export const PUT: RequestHandler = endpoint(async (event) => {
	const { db, organisation, id } = await scope(event);
	const input = parse(templateInput, await readJson(event), event);
	return json(templateJson(await updateTemplate(db, event.locals.actor, organisation.id, id, input), organisation.slug));
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { db, organisation, id } = await scope(event);
	await deleteTemplate(db, event.locals.actor, organisation.id, id);
	return new Response(null, { status: 204 });
});
