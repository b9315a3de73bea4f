import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { contentInput, renderQuery } from '#lib/features/documents/api.js';
import { createVersion, currentContent, replaceContent, requireDocument } from '#lib/features/documents/server/documents.js';
import { importContent } from '#lib/features/documents/server/import.js';
import { rendering } from '#lib/features/documents/server/present.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document } = await requireDocument(db, event.params.id, event.locals.actor);
	const { format } = parse(renderQuery, Object.fromEntries(event.url.searchParams), event);
	return json(rendering(await currentContent(db, document.id), format));
});

/** Import: replaces the content (Markdown, HTML or .docx) as one edit that connected editors receive live. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document } = await requireDocument(db, event.params.id, event.locals.actor, 'document.edit');
	const input = parse(contentInput, await readJson(event), event);
	await replaceContent(db, document.id, await importContent(input.content, input.format), event.locals.actor.userId);
	if (input.version_name) await createVersion(db, { documentId: document.id, kind: 'named', name: input.version_name, createdBy: event.locals.actor.userId });
	return json(rendering(await currentContent(db, document.id), 'html'));
});
