import type { RequestEvent } from '@sveltejs/kit';
import { ApiError } from '../api/errors.js';
import { can } from '../auth/policy.js';
import type { DbOrTx } from '../db/client.js';
import { deliveryOr404, endpointOr404 } from './webhooks.js';

/** An endpoint its organisation's administrators manage; to anyone else it does not exist. */
export async function managedEndpoint(db: DbOrTx, event: RequestEvent, id: string) {
	const endpoint = await endpointOr404(db, id);
	return allowed(event, endpoint.organisationId, endpoint);
}

export async function managedDelivery(db: DbOrTx, event: RequestEvent, id: string) {
	const row = await deliveryOr404(db, id);
	return allowed(event, row.endpoint.organisationId, row);
}

function allowed<T>(event: RequestEvent, organisationId: string, value: T): T {
	if (!event.locals.actor.userId) throw new ApiError('unauthenticated', 'error.unauthenticated');
	if (!can(event.locals.actor, 'webhooks.manage', { organisationId })) throw new ApiError('not_found', 'webhooks.notFound');
	return value;
}
