import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { budgetOr404, removeFromBasket, toBasketJson } from '#lib/features/budgets/server/budgets.js';
import { endpoint, uuidParam } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await budgetOr404(db, event.params.id, event.locals.actor);
	const projectId = uuidParam(event.params.projectId, 'budgets.error.unknownProject');
	return json(toBasketJson(access.budget, await removeFromBasket(db, access, event.locals.actor, projectId)));
});
