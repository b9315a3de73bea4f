import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { exportDocument } from '#lib/features/documents/server/export.js';
import { requireDocument } from '#lib/features/documents/server/documents.js';
import { ApiError, localise } from '#lib/server/api/errors.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Downloads the current content (or `?version=`) as a standalone HTML page, a Markdown file or a PDF. */
export const GET: RequestHandler = async (event) => {
	const { db } = getRuntime().database;
	const format = event.params.format;
	if (format !== 'html' && format !== 'markdown' && format !== 'pdf') error(404, localise('error.notFound', event.locals.locale));
	try {
		const { document } = await requireDocument(db, event.params.id, event.locals.actor);
		return exportDocument(db, document, format, event.url.searchParams.get('version'));
	} catch (caught) {
		if (caught instanceof ApiError) error(caught.status, localise(caught.message, event.locals.locale));
		throw caught;
	}
};
