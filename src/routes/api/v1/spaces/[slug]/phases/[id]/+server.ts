import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { phaseInput } from '#lib/features/spaces/api.js';
import { toPhaseJson, updatePhase } from '#lib/features/spaces/server/spaces.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const PATCH: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { space, resource } = await spaceOr404(db, event.params.slug, event.locals.actor);
	authorize(event, 'space.configure', resource);
	const input = parse(phaseInput, await readJson(event), event);
	return json(toPhaseJson(await updatePhase(db, event.locals.actor, space, event.params.id, input)));
});
