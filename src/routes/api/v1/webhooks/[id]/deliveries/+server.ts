import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';
import { managedEndpoint } from '#lib/server/webhooks/access.js';
import { listDeliveries, toDeliveryJson } from '#lib/server/webhooks/webhooks.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const found = await managedEndpoint(db, event, event.params.id);
	return json({ items: (await listDeliveries(db, found.id)).map(toDeliveryJson) });
});
