import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { listNotifications, toNotificationJson } from '#lib/features/notifications/server/notifications.js';
import { endpoint, parse, requireUser } from '#lib/server/api/endpoint.js';
import { decodeCursor, pageQuerySchema } from '#lib/server/api/pagination.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const query = parse(pageQuerySchema, Object.fromEntries(event.url.searchParams), event);
	const page = await listNotifications(getRuntime().database.db, user.id, { cursor: decodeCursor(query.cursor), limit: query.limit });
	return json({ items: page.items.map(toNotificationJson), next_cursor: page.nextCursor });
});
