import { diffText, type DiffPart } from '#lib/features/proposals/server/versions.js';
import { ApiError } from '#lib/server/api/errors.js';
import { isUuid } from '#lib/server/api/validation.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import { renderMarkdownText } from './content.js';
import { currentContent, findVersion } from './documents.js';

/** The text of a version, or of the live content for `current`, as Markdown (what people compare). */
async function versionText(db: DbOrTx, documentId: string, id: string) {
	if (id === 'current') return renderMarkdownText(await currentContent(db, documentId));
	const version = isUuid(id) ? await findVersion(db, id) : undefined;
	if (!version || version.documentId !== documentId) throw new ApiError('not_found', 'documents.versionNotFound');
	return renderMarkdownText(version.content);
}

/** A readable, word-level diff between two versions (or a version and the current content). */
export async function diffVersions(db: DbOrTx, documentId: string, from: string, to: string): Promise<DiffPart[]> {
	const [before, after] = await Promise.all([versionText(db, documentId, from), versionText(db, documentId, to)]);
	return diffText(before, after);
}
