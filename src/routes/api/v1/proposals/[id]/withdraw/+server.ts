import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { presentProposals, proposalByIdOr404 } from '#lib/features/proposals/server/lookup.js';
import { withdrawProposal } from '#lib/features/proposals/server/proposals.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await proposalByIdOr404(db, event.params.id, event.locals.actor);
	const proposal = await withdrawProposal(db, event.locals.actor, access);
	const [item] = await presentProposals(db, access, [proposal], event.locals.actor, siteUrl(event));
	return json(item);
});
