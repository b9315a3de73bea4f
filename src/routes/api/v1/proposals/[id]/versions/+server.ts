import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { proposalByIdOr404 } from '#lib/features/proposals/server/lookup.js';
import { listVersions, toVersionJson } from '#lib/features/proposals/server/versions.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await proposalByIdOr404(db, event.params.id, event.locals.actor);
	return json({ items: (await listVersions(db, access.proposal.id)).map(toVersionJson), next_cursor: null });
});
