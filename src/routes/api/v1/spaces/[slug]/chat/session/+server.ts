import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { chatSessionInput } from '#lib/features/chat/api.js';
import { chatOr404, openChatSession, withHomeserver } from '#lib/features/chat/server/chat.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { ApiError } from '#lib/server/api/errors.js';
import { authorize, endpoint, parse, readOptionalJson, requireUser } from '#lib/server/api/endpoint.js';
import { RateLimiter } from '#lib/server/http/rate-limit.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Each session logs in on the homeserver: a few a minute per person is plenty. */
const sessions = new RateLimiter(20, 60_000);

export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const matrix = chatOr404();
	const { db } = getRuntime().database;
	const access = await spaceOr404(db, event.params.slug, event.locals.actor);
	authorize(event, 'chat.join', access.resource);
	// The body is optional: a bare POST uses the default device.
	const input = parse(chatSessionInput, await readOptionalJson(event), event);
	const limit = sessions.hit(user.id);
	if (!limit.allowed) throw new ApiError('rate_limited', `Too many requests: retry in ${limit.resetSeconds} s`);
	const session = await withHomeserver(() => openChatSession(db, matrix, access.space, user, input.device_id));
	return json(
		{ homeserver_url: session.homeserverUrl, user_id: session.userId, access_token: session.accessToken, device_id: session.deviceId, room_id: session.roomId, room_alias: session.roomAlias },
		{ headers: { 'cache-control': 'no-store' } }
	);
});
