import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { closeVote, toVoteJson, voteOr404 } from '#lib/features/votes/server/votes.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await voteOr404(db, event.params.id, event.locals.actor);
	return json(toVoteJson(await closeVote(db, access, event.locals.actor), siteUrl(event)));
});
