import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { basketOf, budgetOr404, toBasketJson } from '#lib/features/budgets/server/budgets.js';
import { endpoint, requireUser } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const user = requireUser(event);
	const { budget } = await budgetOr404(db, event.params.id, event.locals.actor);
	return json(toBasketJson(budget, await basketOf(db, budget.id, user.id)));
});
