import type { RequestHandler } from './$types';
import { open311Get } from '#lib/features/streetreports/server/open311-http.js';
import { serviceDefinition } from '#lib/features/streetreports/server/open311-server.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = open311Get(async ({ event }) => ({
	root: 'service_definition',
	data: await serviceDefinition(getRuntime().database.db, event.params.code ?? '')
}));
