import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireOrganisation } from '#lib/features/organisations/server/organisations.js';
import { registerQuery } from '#lib/features/publications/api.js';
import { listRegister, toActJson, withDetails } from '#lib/features/publications/server/acts.js';
import { endpoint, parse } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const organisation = await requireOrganisation(db, event.params.slug);
	const query = parse(registerQuery, Object.fromEntries(event.url.searchParams), event);
	const page = await listRegister(db, organisation.id, query);
	const items = await withDetails(db, page.items);
	return json({
		items: items.map((found) => toActJson(found, siteUrl(event))),
		next_cursor: page.nextCursor
	});
});
