import type { RequestHandler } from './$types';
import { invitationAnswer } from '#lib/features/proposals/api.js';
import { proposalByIdOr404 } from '#lib/features/proposals/server/lookup.js';
import { answerInvitation } from '#lib/features/proposals/server/proposals.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await proposalByIdOr404(db, event.params.id, event.locals.actor);
	const { accept } = parse(invitationAnswer, await readJson(event), event);
	await answerInvitation(db, event.locals.actor, access, accept);
	return new Response(null, { status: 204 });
});
