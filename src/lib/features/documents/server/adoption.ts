import { eq } from 'drizzle-orm';
import { isUuid } from '#lib/server/api/validation.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import { documentVersions, documents, spaces } from '#lib/server/db/schema.js';
import { renderHtml, renderMarkdownText, type PmNode } from './content.js';

/**
 * What the publication register needs to adopt a document: one frozen version, its identity and
 * a deterministic rendering. `html` is sanitised (only the editor's node and mark types, escaped
 * text, safe link and image addresses) and byte-for-byte the same on every call, so it can be
 * hashed and signed. No access check: the caller authorises (e.g. `document.read` or the
 * register's own permission).
 */
export interface VersionForAdoption {
	documentId: string;
	versionId: string;
	spaceId: string;
	organisationId: string;
	title: string;
	versionName: string | null;
	createdAt: Date;
	html: string;
	markdown: string;
}

export async function getVersionForAdoption(db: DbOrTx, versionId: string): Promise<VersionForAdoption | null> {
	if (!isUuid(versionId)) return null;
	const [row] = await db
		.select({
			documentId: documentVersions.documentId,
			versionId: documentVersions.id,
			spaceId: documents.spaceId,
			organisationId: spaces.organisationId,
			title: documentVersions.title,
			versionName: documentVersions.name,
			createdAt: documentVersions.createdAt,
			content: documentVersions.content
		})
		.from(documentVersions)
		.innerJoin(documents, eq(documents.id, documentVersions.documentId))
		.innerJoin(spaces, eq(spaces.id, documents.spaceId))
		.where(eq(documentVersions.id, versionId));
	if (!row) return null;
	const { content, ...rest } = row;
	const json = JSON.parse(content) as PmNode;
	return { ...rest, html: renderHtml(json), markdown: renderMarkdownText(json) };
}
