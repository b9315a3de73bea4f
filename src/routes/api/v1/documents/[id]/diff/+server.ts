import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { diffQuery } from '#lib/features/documents/api.js';
import { diffVersions } from '#lib/features/documents/server/diff.js';
import { requireDocument } from '#lib/features/documents/server/documents.js';
import { endpoint, parse } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document } = await requireDocument(db, event.params.id, event.locals.actor);
	const { from, to } = parse(diffQuery, Object.fromEntries(event.url.searchParams), event);
	return json({ parts: await diffVersions(db, document.id, from, to) });
});
