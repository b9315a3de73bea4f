import type { RequestHandler } from './$types';
import { forwardingOrganisation, retryForwarding } from '#lib/features/streetreports/server/forwarding.js';
import { authorize, endpoint, uuidParam } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** "Retry now" on a forwarding that is waiting for its next try or failed. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const id = uuidParam(event.params.id);
	const organisationId = await forwardingOrganisation(db, id);
	authorize(event, 'report.configure', { organisationId });
	await retryForwarding(db, id);
	getRuntime().outbox.kick();
	return new Response(null, { status: 202 });
});
