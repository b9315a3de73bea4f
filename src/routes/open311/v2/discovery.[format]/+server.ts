import type { RequestHandler } from './$types';
import { open311Get } from '#lib/features/streetreports/server/open311-http.js';
import { discovery } from '#lib/features/streetreports/server/open311-server.js';

export const GET: RequestHandler = open311Get(async ({ view }) => ({ root: 'discovery', data: discovery(view.siteUrl, view.locale) }));
