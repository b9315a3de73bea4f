import { ApiError } from '#lib/server/api/errors.js';
import { isUuid } from '#lib/server/api/validation.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import { renderHtml, renderMarkdownText } from './content.js';
import { currentContent, findVersion, type DocumentRecord } from './documents.js';

const escapeHtml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A file name people recognise, without characters that break a header. */
export function fileName(title: string, extension: string) {
	const base = title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'document';
	return `${base.toLowerCase()}.${extension}`;
}

/** The HTML page of a document: its rendering in a minimal, printable page (print to PDF from it). */
export function htmlPage(title: string, body: string) {
	return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#161616}table{border-collapse:collapse}td,th{border:1px solid #666;padding:.25rem .5rem}img{max-width:100%}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}</body>
</html>
`;
}

/** The current content, or a version's (`?version=<id>`), as a download. */
export async function exportDocument(db: DbOrTx, document: DocumentRecord, format: 'html' | 'markdown', versionId: string | null) {
	let content = undefined;
	let title = document.title;
	if (versionId) {
		const version = isUuid(versionId) ? await findVersion(db, versionId) : undefined;
		if (!version || version.documentId !== document.id) throw new ApiError('not_found', 'documents.versionNotFound');
		content = version.content;
		title = version.title;
	}
	content ??= await currentContent(db, document.id);
	const body = format === 'html' ? htmlPage(title, renderHtml(content)) : `# ${title}\n\n${renderMarkdownText(content)}`;
	return new Response(body, {
		headers: {
			'content-type': format === 'html' ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8',
			'content-disposition': `attachment; filename="${fileName(title, format === 'html' ? 'html' : 'md')}"`,
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'"
		}
	});
}
