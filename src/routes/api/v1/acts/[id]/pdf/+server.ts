import type { RequestHandler } from './$types';
import { actFileResponse } from '#lib/features/publications/server/download.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint((event) => actFileResponse(getRuntime().database.db, event.locals.actor, event.params.id, 'pdf'));
