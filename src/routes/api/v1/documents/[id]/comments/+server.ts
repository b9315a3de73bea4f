import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { documentCommentInput } from '#lib/features/documents/api.js';
import { commentJson, toCommentJson } from '#lib/features/comments/server/comments.js';
import { createAnchoredComment, listDocumentThreads } from '#lib/features/documents/server/comments.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The document's discussions, each with its anchor resolved against the live text. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { actor, locale } = event.locals;
	const { threads, target } = await listDocumentThreads(db, actor, event.params.id, { locale, allSources: true });
	const comment = (view: Parameters<typeof toCommentJson>[0]) => toCommentJson(view, target, siteUrl(event));
	return json({
		items: threads.map((thread) => ({
			...comment(thread.comment),
			anchor: { start: thread.anchor.start, end: thread.anchor.end, quote: thread.anchor.quote, text: thread.anchor.text },
			resolved_at: thread.anchor.resolvedAt,
			replies: thread.replies.map(comment)
		}))
	});
});

/** A comment on a passage (replies go through `POST /api/v1/comments` with `parentId`). */
export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { actor, locale } = event.locals;
	const input = parse(documentCommentInput, await readJson(event), event);
	const { comment, target } = await createAnchoredComment(db, actor, event.params.id, input);
	return json(await commentJson(db, actor, target, comment.id, { locale, allSources: true, siteUrl: siteUrl(event) }), { status: 201 });
});
