import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { basketLineInput } from '#lib/features/budgets/api.js';
import { addToBasket, budgetOr404, toBasketJson } from '#lib/features/budgets/server/budgets.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await budgetOr404(db, event.params.id, event.locals.actor);
	const { project_id } = parse(basketLineInput, await readJson(event), event);
	return json(toBasketJson(access.budget, await addToBasket(db, access, event.locals.actor, project_id)));
});
