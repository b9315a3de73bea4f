import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { documentCreateInput, documentListQuery } from '#lib/features/documents/api.js';
import { createDocument, documentAccess, listDocuments } from '#lib/features/documents/server/documents.js';
import { importContent } from '#lib/features/documents/server/import.js';
import { documentJson } from '#lib/features/documents/server/present.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { decodeCursor } from '#lib/server/api/pagination.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { actor } = event.locals;
	const { space } = await spaceOr404(db, event.params.slug, actor);
	const query = parse(documentListQuery, Object.fromEntries(event.url.searchParams), event);
	const page = await listDocuments(db, actor, { spaceId: space.id, cursor: decodeCursor(query.cursor), limit: query.limit });
	const items = await Promise.all(page.items.map(async (document) => documentJson(document, (await documentAccess(db, document, actor)).role)));
	return json({ items, next_cursor: page.nextCursor });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { actor } = event.locals;
	const { space, resource } = await spaceOr404(db, event.params.slug, actor);
	authorize(event, 'document.create', resource);
	const input = parse(documentCreateInput, await readJson(event), event);
	const document = await createDocument(db, {
		spaceId: space.id,
		title: input.title,
		visibility: input.visibility,
		attachedKind: input.attached_kind ?? null,
		attachedId: input.attached_id ?? null,
		createdBy: actor.userId,
		content: input.content ? await importContent(input.content, input.format) : undefined
	});
	return json(documentJson(document, 'owner'), { status: 201 });
});
