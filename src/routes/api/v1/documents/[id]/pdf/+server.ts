import type { RequestHandler } from './$types';
import { requireDocument } from '#lib/features/documents/server/documents.js';
import { exportDocument } from '#lib/features/documents/server/export.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The document (or `?version=<id>`) as PDF: the same bytes for the same content. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document } = await requireDocument(db, event.params.id, event.locals.actor);
	return exportDocument(db, document, 'pdf', event.url.searchParams.get('version'));
});
