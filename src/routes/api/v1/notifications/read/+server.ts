import type { RequestHandler } from './$types';
import { markReadInput } from '#lib/features/notifications/api.js';
import { markAllNotificationsRead, markNotificationsRead } from '#lib/features/notifications/server/notifications.js';
import { endpoint, parse, readJson, requireUser } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const { ids } = parse(markReadInput, await readJson(event), event);
	const { db } = getRuntime().database;
	if (ids) await markNotificationsRead(db, user.id, ids);
	else await markAllNotificationsRead(db, user.id);
	return new Response(null, { status: 204 });
});
