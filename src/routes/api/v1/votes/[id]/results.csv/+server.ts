import type { RequestHandler } from './$types';
import { readableResults, resultsCsv } from '#lib/features/votes/server/results.js';
import { voteOr404 } from '#lib/features/votes/server/votes.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await voteOr404(db, event.params.id, event.locals.actor);
	const csv = resultsCsv(await readableResults(db, access, event.locals.actor));
	return new Response(csv, {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="vote-${access.vote.id}.csv"` }
	});
});
