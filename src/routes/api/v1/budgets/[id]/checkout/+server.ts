import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { checkoutInput } from '#lib/features/budgets/api.js';
import { budgetOr404, checkout, toBasketJson } from '#lib/features/budgets/server/budgets.js';
import { endpoint, parse, readOptionalJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Checks the basket out; 201 the first time, 200 (unchanged) when already checked out. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await budgetOr404(db, event.params.id, event.locals.actor);
	const body = await readOptionalJson(event);
	const { postal_code } = parse(checkoutInput, body, event);
	const { basket, created } = await checkout(db, access, event.locals.actor, postal_code);
	return json(toBasketJson(access.budget, basket), { status: created ? 201 : 200 });
});
