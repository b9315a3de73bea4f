import type { RequestHandler } from './$types';
import { removeAttachment } from '#lib/features/proposals/server/attachments.js';
import { proposalByIdOr404 } from '#lib/features/proposals/server/lookup.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await proposalByIdOr404(db, event.params.id, event.locals.actor);
	await removeAttachment(db, event.locals.actor, access, event.params.attachmentId);
	return new Response(null, { status: 204 });
});
