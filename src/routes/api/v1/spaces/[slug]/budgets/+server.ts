import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { budgetCreateInput } from '#lib/features/budgets/api.js';
import { createBudget, listBudgets, toBudgetJson } from '#lib/features/budgets/server/budgets.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await spaceOr404(db, event.params.slug, event.locals.actor);
	return json({ items: (await listBudgets(db, access.space.id)).map((b) => toBudgetJson(b, siteUrl(event))) });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await spaceOr404(db, event.params.slug, event.locals.actor);
	const input = parse(budgetCreateInput, await readJson(event), event);
	return json(toBudgetJson(await createBudget(db, access, event.locals.actor, input), siteUrl(event)), { status: 201 });
});
