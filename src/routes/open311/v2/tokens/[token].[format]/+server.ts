import type { RequestHandler } from './$types';
import { open311Get } from '#lib/features/streetreports/server/open311-http.js';
import { requestIdOfToken } from '#lib/features/streetreports/server/open311-server.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = open311Get(async ({ event }) => ({
	root: 'service_requests',
	data: await requestIdOfToken(getRuntime().database.db, event.params.token ?? '')
}));
