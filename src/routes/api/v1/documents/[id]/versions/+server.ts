import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { documentListQuery, versionCreateInput } from '#lib/features/documents/api.js';
import { createVersion, listVersions, requireDocument } from '#lib/features/documents/server/documents.js';
import { versionJson } from '#lib/features/documents/server/present.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { decodeCursor } from '#lib/server/api/pagination.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document } = await requireDocument(db, event.params.id, event.locals.actor);
	const query = parse(documentListQuery, Object.fromEntries(event.url.searchParams), event);
	const page = await listVersions(db, document.id, { cursor: decodeCursor(query.cursor), limit: query.limit });
	return json({ items: page.items.map(versionJson), next_cursor: page.nextCursor });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document } = await requireDocument(db, event.params.id, event.locals.actor, 'document.edit');
	const input = parse(versionCreateInput, await readJson(event), event);
	const version = await createVersion(db, { documentId: document.id, kind: 'named', name: input.name, createdBy: event.locals.actor.userId });
	return json(versionJson(version), { status: 201 });
});
