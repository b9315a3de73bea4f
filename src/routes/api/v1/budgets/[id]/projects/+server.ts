import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { projectInput } from '#lib/features/budgets/api.js';
import { addProject, budgetOr404, listProjects, toProjectJson } from '#lib/features/budgets/server/budgets.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { budget } = await budgetOr404(db, event.params.id, event.locals.actor);
	return json({ items: (await listProjects(db, budget.id)).map(toProjectJson) });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await budgetOr404(db, event.params.id, event.locals.actor);
	const input = parse(projectInput, await readJson(event), event);
	return json(toProjectJson(await addProject(db, access, event.locals.actor, input)), { status: 201 });
});
