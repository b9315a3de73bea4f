import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { voteCreateInput } from '#lib/features/votes/api.js';
import { createVote, ballotCountOf, itemsOf, listVotes, toVoteJson } from '#lib/features/votes/server/votes.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const space = await spaceOr404(db, event.params.slug, event.locals.actor);
	const list = await listVotes(db, space.space.id);
	const items = await Promise.all(list.map(async (vote) => toVoteJson({ vote, space, items: await itemsOf(db, vote.id), ballotCount: await ballotCountOf(db, vote.id) }, siteUrl(event))));
	return json({ items });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const space = await spaceOr404(db, event.params.slug, event.locals.actor);
	const input = parse(voteCreateInput, await readJson(event), event);
	return json(toVoteJson(await createVote(db, space, event.locals.actor, input), siteUrl(event)), { status: 201 });
});
