import type { RequestHandler } from './$types';
import { open311Get } from '#lib/features/streetreports/server/open311-http.js';
import { listServices } from '#lib/features/streetreports/server/open311-server.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = open311Get(async ({ jurisdiction, view }) => ({
	root: 'services',
	data: await listServices(getRuntime().database.db, jurisdiction, view.locale)
}));
