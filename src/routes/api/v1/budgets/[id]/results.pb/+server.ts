import type { RequestHandler } from './$types';
import { budgetOr404, readableResults } from '#lib/features/budgets/server/budgets.js';
import { pabulibChunks } from '#lib/features/budgets/server/exports.js';
import { textStream } from '#lib/features/opendata/server/formats.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Pabulib (.pb) file, streamed: VOTES holds one line per online ballot. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await budgetOr404(db, event.params.id, event.locals.actor);
	const results = await readableResults(db, access, event.locals.actor);
	return new Response(textStream(pabulibChunks(db, results)), {
		headers: { 'content-type': 'text/plain; charset=utf-8', 'content-disposition': `attachment; filename="france_${access.budget.organisationSlug}_${access.budget.closesAt.getUTCFullYear()}.pb"` }
	});
});
