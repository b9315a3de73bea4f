import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { projectUpdateInput } from '#lib/features/budgets/api.js';
import { budgetOr404, deleteProject, toProjectJson, updateProject } from '#lib/features/budgets/server/budgets.js';
import { endpoint, parse, readJson, uuidParam } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const PATCH: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await budgetOr404(db, event.params.id, event.locals.actor);
	const input = parse(projectUpdateInput, await readJson(event), event);
	return json(toProjectJson(await updateProject(db, access, event.locals.actor, uuidParam(event.params.projectId, 'budgets.error.unknownProject'), input)));
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await budgetOr404(db, event.params.id, event.locals.actor);
	await deleteProject(db, access, event.locals.actor, uuidParam(event.params.projectId, 'budgets.error.unknownProject'));
	return new Response(null, { status: 204 });
});
