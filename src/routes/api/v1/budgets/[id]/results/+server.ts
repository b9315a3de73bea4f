import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { budgetOr404, readableResults, toResultsJson } from '#lib/features/budgets/server/budgets.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await budgetOr404(db, event.params.id, event.locals.actor);
	return json(toResultsJson(await readableResults(db, access, event.locals.actor)));
});
