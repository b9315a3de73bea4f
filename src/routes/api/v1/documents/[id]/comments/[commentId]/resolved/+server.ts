import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { documentCommentResolveInput } from '#lib/features/documents/api.js';
import { setResolved } from '#lib/features/documents/server/comments.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Resolves or reopens a discussion. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const input = parse(documentCommentResolveInput, await readJson(event), event);
	await setResolved(db, event.locals.actor, event.params.id, event.params.commentId, input.resolved);
	return json({ resolved: input.resolved });
});
