import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { proposalInput } from '#lib/features/proposals/api.js';
import { presentProposals, proposalByIdOr404 } from '#lib/features/proposals/server/lookup.js';
import { updateProposal } from '#lib/features/proposals/server/proposals.js';
import { ApiError } from '#lib/server/api/errors.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await proposalByIdOr404(db, event.params.id, event.locals.actor);
	const [item] = await presentProposals(db, access, [access.proposal], event.locals.actor, siteUrl(event));
	return json(item);
});

export const PATCH: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await proposalByIdOr404(db, event.params.id, event.locals.actor);
	const body = await readJson(event);
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('bad_request', 'error.badRequest');
	const { proposal } = access;
	const current = {
		title: proposal.title,
		body: proposal.body,
		categoryId: proposal.categoryId ?? undefined,
		longitude: proposal.longitude ?? undefined,
		latitude: proposal.latitude ?? undefined,
		address: proposal.address ?? undefined
	};
	const input = parse(proposalInput, { ...current, ...body }, event);
	const updated = await updateProposal(db, event.locals.actor, access, input);
	const [item] = await presentProposals(db, access, [updated], event.locals.actor, siteUrl(event));
	return json(item);
});
