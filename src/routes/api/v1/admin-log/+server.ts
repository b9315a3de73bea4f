import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { authorize, endpoint, parse } from '#lib/server/api/endpoint.js';
import { decodeCursor, pageQuerySchema } from '#lib/server/api/pagination.js';
import { listAdminLog } from '#lib/server/audit/audit.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	authorize(event, 'adminLog.read');
	const query = parse(pageQuerySchema, Object.fromEntries(event.url.searchParams), event);
	const page = await listAdminLog(getRuntime().database.db, { cursor: decodeCursor(query.cursor), limit: query.limit });
	return json({
		items: page.items.map((entry) => ({
			id: entry.id,
			at: entry.createdAt.toISOString(),
			actor: entry.actorId ? { id: entry.actorId, name: entry.actorName } : { label: entry.actorLabel },
			action: entry.action,
			target: { type: entry.targetType, id: entry.targetId },
			details: entry.details
		})),
		next_cursor: page.nextCursor
	});
});
