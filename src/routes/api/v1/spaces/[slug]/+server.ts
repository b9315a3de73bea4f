import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { spaceSettingsInput } from '#lib/features/spaces/api.js';
import { activePhase, findSpace, toSpaceJson, updateSpaceSettings } from '#lib/features/spaces/server/spaces.js';
import { ApiError } from '#lib/server/api/errors.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { space } = await spaceOr404(db, event.params.slug, event.locals.actor);
	return json(toSpaceJson(space, await activePhase(db, space.id), siteUrl(event)));
});

export const PATCH: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { space, resource } = await spaceOr404(db, event.params.slug, event.locals.actor);
	authorize(event, 'space.configure', resource);
	const body = await readJson(event);
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('bad_request', 'error.badRequest');
	const changes = body as { rules?: unknown };
	const input = parse(
		spaceSettingsInput,
		{
			title: space.title,
			description: space.description,
			visibility: space.visibility,
			...changes,
			rules: { ...space.rules, ...(typeof changes.rules === 'object' && changes.rules ? changes.rules : {}) }
		},
		event
	);
	await updateSpaceSettings(db, event.locals.actor, space, input);
	const updated = (await findSpace(db, { id: space.id }))!;
	return json(toSpaceJson(updated, await activePhase(db, space.id), siteUrl(event)));
});
