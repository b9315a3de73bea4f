import type { RequestHandler } from './$types';
import { budgetOr404, readableResults } from '#lib/features/budgets/server/budgets.js';
import { resultsCsv } from '#lib/features/budgets/server/exports.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await budgetOr404(db, event.params.id, event.locals.actor);
	const results = await readableResults(db, access, event.locals.actor);
	return new Response(resultsCsv(results), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="budget-${access.budget.id}.csv"` }
	});
});
