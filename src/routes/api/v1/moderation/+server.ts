import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { queueQuery } from '#lib/features/moderation/api.js';
import { listQueue, toQueueItemJson } from '#lib/features/moderation/server/moderation.js';
import { endpoint, parse } from '#lib/server/api/endpoint.js';
import { decodeCursor } from '#lib/server/api/pagination.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const query = parse(queueQuery, Object.fromEntries(event.url.searchParams), event);
	const page = await listQueue(getRuntime().database.db, event.locals.actor, {
		state: query.state,
		spaceSlug: query.space,
		cursor: decodeCursor(query.cursor),
		limit: query.limit,
		locale: event.locals.locale
	});
	return json({ items: page.items.map((item) => toQueueItemJson(item, siteUrl(event))), next_cursor: page.nextCursor });
});
