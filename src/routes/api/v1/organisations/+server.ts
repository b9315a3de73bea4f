import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { organisationCreateInput } from '#lib/features/organisations/api.js';
import { createOrganisation, listOrganisations, toOrganisationJson } from '#lib/features/organisations/server/organisations.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { pageQuerySchema } from '#lib/server/api/pagination.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const query = parse(pageQuerySchema, Object.fromEntries(event.url.searchParams), event);
	const page = await listOrganisations(getRuntime().database.db, { cursor: query.cursor, limit: query.limit });
	return json({ items: page.items.map((org) => toOrganisationJson(org, siteUrl(event))), next_cursor: page.nextCursor });
});

export const POST: RequestHandler = endpoint(async (event) => {
	authorize(event, 'organisation.create');
	const input = parse(organisationCreateInput, await readJson(event), event);
	const org = await createOrganisation(getRuntime().database.db, event.locals.actor, input);
	return json(toOrganisationJson(org, siteUrl(event)), { status: 201 });
});
