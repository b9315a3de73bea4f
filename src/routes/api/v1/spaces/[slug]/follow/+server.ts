import type { RequestHandler } from './$types';
import { follow, unfollow } from '#lib/features/notifications/server/notifications.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { authorize, endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

async function followed(event: Parameters<RequestHandler>[0], following: boolean) {
	const { db } = getRuntime().database;
	const { space, resource } = await spaceOr404(db, event.params.slug, event.locals.actor);
	authorize(event, 'space.participate', resource);
	const target = { targetType: 'space', targetId: space.id };
	await (following ? follow(db, event.locals.actor.userId!, target) : unfollow(db, event.locals.actor.userId!, target));
	return new Response(null, { status: 204 });
}

export const POST: RequestHandler = endpoint((event) => followed(event, true));
export const DELETE: RequestHandler = endpoint((event) => followed(event, false));
