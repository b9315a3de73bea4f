import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { rejectAmendment, toAmendmentJson } from '#lib/features/proposals/server/amendments.js';
import { amendmentOr404 } from '#lib/features/proposals/server/lookup.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { findUserById } from '#lib/features/accounts/server/accounts.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { amendment, access } = await amendmentOr404(db, event.params.id, event.locals.actor);
	const decided = await rejectAmendment(db, event.locals.actor, access, amendment.id);
	return json(toAmendmentJson(decided, (await findUserById(db, decided.authorId))?.displayName ?? ''));
});
