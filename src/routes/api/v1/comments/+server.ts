import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { commentCreateInput, commentListQuery } from '#lib/features/comments/api.js';
import { commentJson, commentTargetOr404, createComment, listComments, toCommentJson } from '#lib/features/comments/server/comments.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { decodeCursor } from '#lib/server/api/pagination.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const query = parse(commentListQuery, Object.fromEntries(event.url.searchParams), event);
	const { db } = getRuntime().database;
	const { actor, locale } = event.locals;
	const target = await commentTargetOr404(db, actor, query.target_type, query.target_id);
	const page = await listComments(db, actor, target, { cursor: decodeCursor(query.cursor), limit: query.limit, locale, allSources: true });
	return json({ items: page.items.map((view) => toCommentJson(view, target, siteUrl(event))), next_cursor: page.nextCursor });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const input = parse(commentCreateInput, await readJson(event), event);
	const { db } = getRuntime().database;
	const { comment, target } = await createComment(db, event.locals.actor, input);
	const body = await commentJson(db, event.locals.actor, target, comment.id, { locale: event.locals.locale, allSources: true, siteUrl: siteUrl(event) });
	return json(body, { status: 201 });
});
