import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';
import { managedEndpoint } from '#lib/server/webhooks/access.js';
import { endpointUpdateInput } from '#lib/server/webhooks/api.js';
import { deleteEndpoint, toEndpointJson, updateEndpoint } from '#lib/server/webhooks/webhooks.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const found = await managedEndpoint(getRuntime().database.db, event, event.params.id);
	return json(toEndpointJson(found));
});

export const PATCH: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const found = await managedEndpoint(db, event, event.params.id);
	const input = parse(endpointUpdateInput, await readJson(event), event);
	return json(toEndpointJson(await updateEndpoint(db, found, input, getRuntime().config.outbound)));
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	await deleteEndpoint(db, await managedEndpoint(db, event, event.params.id));
	return new Response(null, { status: 204 });
});
