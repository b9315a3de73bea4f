import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { budgetUpdateInput } from '#lib/features/budgets/api.js';
import { budgetOr404, toBudgetJson, updateBudget } from '#lib/features/budgets/server/budgets.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { budget } = await budgetOr404(getRuntime().database.db, event.params.id, event.locals.actor);
	return json(toBudgetJson(budget, siteUrl(event)));
});

export const PATCH: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await budgetOr404(db, event.params.id, event.locals.actor);
	const input = parse(budgetUpdateInput, await readJson(event), event);
	return json(toBudgetJson(await updateBudget(db, access, event.locals.actor, input), siteUrl(event)));
});
