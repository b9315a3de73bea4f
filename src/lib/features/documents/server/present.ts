import type { z } from 'zod';
import type { documentOutput, versionOutput } from '../api.js';
import type { DocumentRole } from '../schema.js';
import { renderHtml, renderMarkdownText, type PmNode } from './content.js';
import type { DocumentRecord, VersionRecord } from './documents.js';

export function documentJson(document: DocumentRecord, role: DocumentRole | null): z.output<typeof documentOutput> {
	return {
		id: document.id,
		title: document.title,
		visibility: document.visibility,
		space: { id: document.spaceId, slug: document.spaceSlug, title: document.spaceTitle },
		organisation_id: document.organisationId,
		attached: document.attachedKind && document.attachedId ? { kind: document.attachedKind, id: document.attachedId } : null,
		role,
		collab_url: `/collab/${document.id}`,
		created_at: document.createdAt.toISOString(),
		updated_at: document.updatedAt.toISOString()
	};
}

export function versionJson(version: VersionRecord): z.output<typeof versionOutput> {
	return {
		id: version.id,
		document_id: version.documentId,
		kind: version.kind,
		name: version.name,
		title: version.title,
		created_by: version.createdBy ? { id: version.createdBy, name: version.createdByName ?? '' } : null,
		created_at: version.createdAt.toISOString()
	};
}

export function rendering(content: PmNode, format: 'html' | 'markdown' | 'json') {
	return { format, content: format === 'html' ? renderHtml(content) : format === 'markdown' ? renderMarkdownText(content) : content };
}
