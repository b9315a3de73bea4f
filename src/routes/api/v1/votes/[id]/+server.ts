import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { voteUpdateInput } from '#lib/features/votes/api.js';
import { toVoteJson, updateVote, voteOr404 } from '#lib/features/votes/server/votes.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	return json(toVoteJson(await voteOr404(db, event.params.id, event.locals.actor), siteUrl(event)));
});

export const PATCH: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await voteOr404(db, event.params.id, event.locals.actor);
	const input = parse(voteUpdateInput, await readJson(event), event);
	return json(toVoteJson(await updateVote(db, access, event.locals.actor, input), siteUrl(event)));
});
