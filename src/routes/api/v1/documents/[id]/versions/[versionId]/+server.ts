import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { renderQuery } from '#lib/features/documents/api.js';
import { findVersion, requireDocument } from '#lib/features/documents/server/documents.js';
import { rendering, versionJson } from '#lib/features/documents/server/present.js';
import { endpoint, parse, uuidParam } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import { getRuntime } from '#lib/server/runtime.js';

/** A version with its rendering: the deterministic, sanitised HTML (or Markdown, or ProseMirror JSON). */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document } = await requireDocument(db, event.params.id, event.locals.actor);
	const { format } = parse(renderQuery, Object.fromEntries(event.url.searchParams), event);
	const version = await findVersion(db, uuidParam(event.params.versionId, 'documents.versionNotFound'));
	if (!version || version.documentId !== document.id) throw new ApiError('not_found', 'documents.versionNotFound');
	return json({ ...versionJson(version), rendering: rendering(version.content, format) });
});
