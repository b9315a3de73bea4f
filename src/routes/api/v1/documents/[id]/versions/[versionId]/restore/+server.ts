import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireDocument, restoreVersion } from '#lib/features/documents/server/documents.js';
import { versionJson } from '#lib/features/documents/server/present.js';
import { endpoint, uuidParam } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Makes an older version the current content again (connected editors receive it live); returns the new `restore` version. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document } = await requireDocument(db, event.params.id, event.locals.actor, 'document.edit');
	const version = await restoreVersion(db, document.id, uuidParam(event.params.versionId, 'documents.versionNotFound'), event.locals.actor.userId);
	return json(versionJson(version), { status: 201 });
});
