import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { budgetOr404, closeBudget, toBudgetJson } from '#lib/features/budgets/server/budgets.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await budgetOr404(db, event.params.id, event.locals.actor);
	return json(toBudgetJson(await closeBudget(db, access, event.locals.actor), siteUrl(event)));
});
