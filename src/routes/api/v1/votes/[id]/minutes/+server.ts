import type { RequestHandler } from './$types';
import { minutesQuery } from '#lib/features/votes/api.js';
import { readableResults, resultsHtml, resultsMarkdown } from '#lib/features/votes/server/results.js';
import { voteOr404 } from '#lib/features/votes/server/votes.js';
import { endpoint, parse } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The results as a block to paste into the meeting minutes. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await voteOr404(db, event.params.id, event.locals.actor);
	const { format } = parse(minutesQuery, Object.fromEntries(event.url.searchParams), event);
	const results = await readableResults(db, access, event.locals.actor);
	return format === 'html'
		? new Response(resultsHtml(results), { headers: { 'content-type': 'text/html; charset=utf-8' } })
		: new Response(resultsMarkdown(results), { headers: { 'content-type': 'text/markdown; charset=utf-8' } });
});
