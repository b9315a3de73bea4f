import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { toMeJson } from '#lib/features/accounts/server/present.js';
import { endpoint, requireUser } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	return json(await toMeJson(getRuntime().database.db, user, event.locals.actor));
});
