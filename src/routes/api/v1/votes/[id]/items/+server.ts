import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { voteItemsInput } from '#lib/features/votes/api.js';
import { addItems, toVoteJson, voteOr404 } from '#lib/features/votes/server/votes.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await voteOr404(db, event.params.id, event.locals.actor);
	const { items } = parse(voteItemsInput, await readJson(event), event);
	return json(toVoteJson(await addItems(db, access, event.locals.actor, items), siteUrl(event)), { status: 201 });
});
