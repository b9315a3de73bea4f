import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireOrganisation } from '#lib/features/organisations/server/organisations.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';
import { endpointCreateInput } from '#lib/server/webhooks/api.js';
import { createEndpoint, listEndpoints, toEndpointJson } from '#lib/server/webhooks/webhooks.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const organisation = await requireOrganisation(db, event.params.slug);
	authorize(event, 'webhooks.manage', { organisationId: organisation.id });
	return json({ items: (await listEndpoints(db, organisation.id)).map(toEndpointJson) });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const { database, config } = getRuntime();
	const { db } = database;
	const organisation = await requireOrganisation(db, event.params.slug);
	authorize(event, 'webhooks.manage', { organisationId: organisation.id });
	const input = parse(endpointCreateInput, await readJson(event), event);
	const { endpoint: created, secret } = await createEndpoint(db, organisation.id, event.locals.actor.userId, input, config.outbound);
	return json({ ...toEndpointJson(created), secret }, { status: 201 });
});
