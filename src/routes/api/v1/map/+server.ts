import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { layerDescriptions } from '#lib/features/opendata/server/layers.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => json({ items: await layerDescriptions(getRuntime().database.db, event.locals.locale) }));
