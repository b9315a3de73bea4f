import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { documentUpdateInput } from '#lib/features/documents/api.js';
import { deleteDocument, findDocument, requireDocument, roleChanged, updateDocument } from '#lib/features/documents/server/documents.js';
import { documentJson } from '#lib/features/documents/server/present.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document, role } = await requireDocument(db, event.params.id, event.locals.actor);
	return json(documentJson(document, role));
});

export const PATCH: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document, role } = await requireDocument(db, event.params.id, event.locals.actor, 'document.manage');
	const input = parse(documentUpdateInput, await readJson(event), event);
	await updateDocument(db, document.id, input);
	// Visibility decides who may stay connected.
	if (input.visibility) roleChanged(document.id, null);
	return json(documentJson((await findDocument(db, document.id))!, role));
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document } = await requireDocument(db, event.params.id, event.locals.actor, 'document.manage');
	await deleteDocument(db, document.id);
	roleChanged(document.id, null);
	return new Response(null, { status: 204 });
});
