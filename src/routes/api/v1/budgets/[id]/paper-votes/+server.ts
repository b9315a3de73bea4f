import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { paperVotesInput } from '#lib/features/budgets/api.js';
import { budgetOr404, enterPaperVotes, readableResults, toResultsJson } from '#lib/features/budgets/server/budgets.js';
import { importPaperVotesCsv } from '#lib/features/budgets/server/exports.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Counted paper votes per project, as JSON (`counts`) or as a CSV file (`text/csv`); answers with the results. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await budgetOr404(db, event.params.id, event.locals.actor);
	if ((event.request.headers.get('content-type') ?? '').startsWith('text/csv'))
		await importPaperVotesCsv(db, access, event.locals.actor, await event.request.text());
	else await enterPaperVotes(db, access, event.locals.actor, parse(paperVotesInput, await readJson(event), event).counts);
	return json(toResultsJson(await readableResults(db, access, event.locals.actor)));
});
