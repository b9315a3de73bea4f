import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { proposalCreateInput, proposalListQuery } from '#lib/features/proposals/api.js';
import { presentProposals, spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { createProposal, listProposals } from '#lib/features/proposals/server/proposals.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await spaceOr404(db, event.params.slug, event.locals.actor);
	const query = parse(proposalListQuery, Object.fromEntries(event.url.searchParams), event);
	const page = await listProposals(db, access.space, query);
	const items = await presentProposals(db, access, page.items, event.locals.actor, siteUrl(event));
	return json({ items, next_cursor: page.nextCursor, total: page.total, seed: page.seed });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await spaceOr404(db, event.params.slug, event.locals.actor);
	const input = parse(proposalCreateInput, await readJson(event), event);
	const proposal = await createProposal(db, event.locals.actor, access, input);
	const [item] = await presentProposals(db, access, [proposal], event.locals.actor, siteUrl(event));
	return json(item, { status: 201 });
});
