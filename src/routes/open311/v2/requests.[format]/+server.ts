import type { RequestHandler } from './$types';
import { open311Get, open311Post } from '#lib/features/streetreports/server/open311-http.js';
import { createRequest, listRequests } from '#lib/features/streetreports/server/open311-server.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = open311Get(async ({ event, jurisdiction, view }) => ({
	root: 'service_requests',
	data: await listRequests(getRuntime().database.db, event.url.searchParams, jurisdiction, view)
}));

/** Form-encoded with `api_key` (a personal API token): created as the token's holder, like the portal's form. */
export const POST: RequestHandler = open311Post(async ({ jurisdiction, view }, { fields, actor }) => {
	const created = await createRequest(getRuntime().database.db, actor, fields, jurisdiction, view);
	getRuntime().outbox.kick();
	return { root: 'service_requests', data: created, status: 201 };
});
