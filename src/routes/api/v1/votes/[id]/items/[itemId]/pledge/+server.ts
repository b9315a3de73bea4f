import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { pledgeInput, pledgeWithdrawQuery } from '#lib/features/votes/api.js';
import { pledge, withdrawPledge } from '#lib/features/votes/server/pledges.js';
import { voteOr404 } from '#lib/features/votes/server/votes.js';
import { endpoint, parse, readJson, uuidParam } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** An organisation's co-funding pledge to one item: set (or change) it, or withdraw it. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await voteOr404(db, event.params.id, event.locals.actor);
	const itemId = uuidParam(event.params.itemId);
	const input = parse(pledgeInput, await readJson(event), event);
	return json(await pledge(db, access, event.locals.actor, itemId, input));
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await voteOr404(db, event.params.id, event.locals.actor);
	const { organisation_id } = parse(pledgeWithdrawQuery, Object.fromEntries(event.url.searchParams), event);
	await withdrawPledge(db, access, event.locals.actor, uuidParam(event.params.itemId), organisation_id);
	return new Response(null, { status: 204 });
});
