import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { phaseInput } from '#lib/features/spaces/api.js';
import { addPhase, listPhases, toPhaseJson } from '#lib/features/spaces/server/spaces.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { space } = await spaceOr404(db, event.params.slug, event.locals.actor);
	return json({ items: (await listPhases(db, space.id)).map(toPhaseJson), next_cursor: null });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { space, resource } = await spaceOr404(db, event.params.slug, event.locals.actor);
	authorize(event, 'space.configure', resource);
	const input = parse(phaseInput, await readJson(event), event);
	return json(toPhaseJson(await addPhase(db, event.locals.actor, space, input)), { status: 201 });
});
