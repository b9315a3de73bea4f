import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { ballotInput, ballotQuery } from '#lib/features/votes/api.js';
import { castBallot, myBallot } from '#lib/features/votes/server/ballots.js';
import { voteOr404 } from '#lib/features/votes/server/votes.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The caller's ballot (their own, or their organisation's): read it, or replace it whole. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await voteOr404(db, event.params.id, event.locals.actor);
	const query = parse(ballotQuery, Object.fromEntries(event.url.searchParams), event);
	return json(await myBallot(db, access, event.locals.actor, query.organisation_id));
});

export const PUT: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await voteOr404(db, event.params.id, event.locals.actor);
	const input = parse(ballotInput, await readJson(event), event);
	return json(await castBallot(db, access, event.locals.actor, input));
});
