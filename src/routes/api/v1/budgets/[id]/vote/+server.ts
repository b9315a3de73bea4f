import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { budgetOr404, cancelVote, toBasketJson } from '#lib/features/budgets/server/budgets.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Cancels the caller's vote while the vote is open; the basket is kept. */
export const DELETE: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await budgetOr404(db, event.params.id, event.locals.actor);
	return json(toBasketJson(access.budget, await cancelVote(db, access, event.locals.actor)));
});
