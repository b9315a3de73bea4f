import type { RequestHandler } from './$types';
import { open311Get } from '#lib/features/streetreports/server/open311-http.js';
import { requestById } from '#lib/features/streetreports/server/open311-server.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = open311Get(async ({ event, view }) => ({
	root: 'service_requests',
	data: await requestById(getRuntime().database.db, event.params.id ?? '', { ...view, extensions: event.url.searchParams.get('extensions') === 'true' })
}));
