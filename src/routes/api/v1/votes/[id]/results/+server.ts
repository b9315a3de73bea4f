import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { readableResults } from '#lib/features/votes/server/results.js';
import { voteOr404 } from '#lib/features/votes/server/votes.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await voteOr404(db, event.params.id, event.locals.actor);
	return json(await readableResults(db, access, event.locals.actor));
});
