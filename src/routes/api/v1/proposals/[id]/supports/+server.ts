import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { proposalByIdOr404 } from '#lib/features/proposals/server/lookup.js';
import { supportProposal, withdrawSupport } from '#lib/features/proposals/server/supports.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

const toJson = (result: Awaited<ReturnType<typeof supportProposal>>) => ({
	supported: result.supported,
	supports_count: result.supportsCount,
	given_in_space: result.given
});

/** 201 when the support was added, 200 when it already existed. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await proposalByIdOr404(db, event.params.id, event.locals.actor);
	const result = await supportProposal(db, event.locals.actor, access);
	return json(toJson(result), { status: result.changed ? 201 : 200 });
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await proposalByIdOr404(db, event.params.id, event.locals.actor);
	return json(toJson(await withdrawSupport(db, event.locals.actor, access)));
});
