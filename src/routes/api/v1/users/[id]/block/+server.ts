import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { blockUser, unblockUser } from '#lib/features/moderation/server/blocking.js';
import { endpoint, uuidParam } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const PUT: RequestHandler = endpoint(async (event) => {
	const id = uuidParam(event.params.id, 'moderation.userUnknown');
	const user = await blockUser(getRuntime().database.db, event.locals.actor, id);
	return json({ id: user.id, blocked_at: user.blockedAt?.toISOString() ?? null });
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const id = uuidParam(event.params.id, 'moderation.userUnknown');
	await unblockUser(getRuntime().database.db, event.locals.actor, id);
	return new Response(null, { status: 204 });
});
