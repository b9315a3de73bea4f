import type { RequestHandler } from './$types';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { spaceMemberInput } from '#lib/features/spaces/api.js';
import { addSpaceMember } from '#lib/features/spaces/server/spaces.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { space, resource } = await spaceOr404(db, event.params.slug, event.locals.actor);
	authorize(event, 'space.configure', resource);
	const input = parse(spaceMemberInput, await readJson(event), event);
	await addSpaceMember(db, event.locals.actor, space, input);
	return new Response(null, { status: 204 });
});
