import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { answerInput } from '#lib/features/proposals/api.js';
import { presentProposals, proposalByIdOr404 } from '#lib/features/proposals/server/lookup.js';
import { answerProposal } from '#lib/features/proposals/server/proposals.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const PUT: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await proposalByIdOr404(db, event.params.id, event.locals.actor);
	const input = parse(answerInput, await readJson(event), event);
	const proposal = await answerProposal(db, event.locals.actor, access, input);
	const [item] = await presentProposals(db, access, [proposal], event.locals.actor, siteUrl(event));
	return json(item);
});
