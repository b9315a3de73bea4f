import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { activatePhase, toPhaseJson } from '#lib/features/spaces/server/spaces.js';
import { authorize, endpoint, uuidParam } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { space, resource } = await spaceOr404(db, event.params.slug, event.locals.actor);
	authorize(event, 'space.configure', resource);
	return json(toPhaseJson(await activatePhase(db, event.locals.actor, space, uuidParam(event.params.id))));
});
