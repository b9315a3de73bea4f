import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { mergeInput } from '#lib/features/proposals/api.js';
import { presentProposals, spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { mergeProposals } from '#lib/features/proposals/server/proposals.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await spaceOr404(db, event.params.slug, event.locals.actor);
	const input = parse(mergeInput, await readJson(event), event);
	const merged = await mergeProposals(db, event.locals.actor, access, input);
	const [item] = await presentProposals(db, access, [merged], event.locals.actor, siteUrl(event));
	return json(item, { status: 201 });
});
