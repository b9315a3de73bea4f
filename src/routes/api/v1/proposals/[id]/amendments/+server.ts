import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { amendmentInput } from '#lib/features/proposals/api.js';
import { listAmendments, proposeAmendment, toAmendmentJson } from '#lib/features/proposals/server/amendments.js';
import { proposalByIdOr404 } from '#lib/features/proposals/server/lookup.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await proposalByIdOr404(db, event.params.id, event.locals.actor);
	const rows = await listAmendments(db, access.proposal.id);
	return json({ items: rows.map((row) => toAmendmentJson(row.amendment, row.authorName)), next_cursor: null });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await proposalByIdOr404(db, event.params.id, event.locals.actor);
	const input = parse(amendmentInput, await readJson(event), event);
	const amendment = await proposeAmendment(db, event.locals.actor, access, input);
	return json(toAmendmentJson(amendment, event.locals.user!.displayName), { status: 201 });
});
