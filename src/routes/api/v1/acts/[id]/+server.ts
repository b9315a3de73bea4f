import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { actOr404, toActJson } from '#lib/features/publications/server/acts.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const found = await actOr404(getRuntime().database.db, event.params.id, event.locals.actor);
	return json(toActJson(found, siteUrl(event)));
});
