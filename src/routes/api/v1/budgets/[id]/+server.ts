import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { budgetOr404, toBudgetJson } from '#lib/features/budgets/server/budgets.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { budget } = await budgetOr404(getRuntime().database.db, event.params.id, event.locals.actor);
	return json(toBudgetJson(budget, siteUrl(event)));
});
