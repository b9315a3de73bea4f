import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { commentEditInput } from '#lib/features/comments/api.js';
import { commentJson, deleteComment, editComment } from '#lib/features/comments/server/comments.js';
import { endpoint, parse, readJson, uuidParam } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const PATCH: RequestHandler = endpoint(async (event) => {
	const id = uuidParam(event.params.id, 'comments.unknown');
	const input = parse(commentEditInput, await readJson(event), event);
	const { db } = getRuntime().database;
	const { target } = await editComment(db, event.locals.actor, id, input);
	return json(await commentJson(db, event.locals.actor, target, id, { locale: event.locals.locale, allSources: true, siteUrl: siteUrl(event) }));
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const id = uuidParam(event.params.id, 'comments.unknown');
	await deleteComment(getRuntime().database.db, event.locals.actor, id);
	return new Response(null, { status: 204 });
});
