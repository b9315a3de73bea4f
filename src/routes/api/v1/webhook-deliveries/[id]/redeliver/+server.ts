import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';
import { managedDelivery } from '#lib/server/webhooks/access.js';
import { redeliver, toDeliveryJson } from '#lib/server/webhooks/webhooks.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { delivery, endpoint: target } = await managedDelivery(db, event, event.params.id);
	const updated = await redeliver(db, delivery, target);
	getRuntime().outbox.kick();
	return json(toDeliveryJson({ delivery: updated, attempts: [] }), { status: 202 });
});
