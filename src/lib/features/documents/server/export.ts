import { ApiError } from '#lib/server/api/errors.js';
import { isUuid } from '#lib/server/api/validation.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import { renderMarkdownPdf } from '#lib/server/pdf.js';
import { renderHtml, renderMarkdownText, type PmNode } from './content.js';
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

/** The current content, or a version's (`?version=<id>`): its title and ProseMirror JSON. */
async function exportedContent(db: DbOrTx, document: DocumentRecord, versionId: string | null) {
	if (!versionId) return { title: document.title, content: await currentContent(db, document.id) };
	const version = isUuid(versionId) ? await findVersion(db, versionId) : undefined;
	if (!version || version.documentId !== document.id) throw new ApiError('not_found', 'documents.versionNotFound');
	return { title: version.title, content: version.content };
}

/**
 * The PDF of a document, with the publication register's deterministic renderer: the same
 * content (a version, or an unchanged document) gives the same bytes.
 */
export function documentPdf(document: Pick<DocumentRecord, 'spaceTitle'>, title: string, content: PmNode) {
	return renderMarkdownPdf({
		title,
		author: document.spaceTitle,
		head(doc) {
			doc.font('regular').fontSize(10).text(document.spaceTitle);
			doc.moveDown();
			doc.font('bold').fontSize(16).text(title);
		},
		markdown: renderMarkdownText(content)
	});
}

const exportTypes = { html: ['text/html; charset=utf-8', 'html'], markdown: ['text/markdown; charset=utf-8', 'md'], pdf: ['application/pdf', 'pdf'] } as const;

/** The current content, or a version's (`?version=<id>`), as a download: standalone HTML page, Markdown or PDF. */
export async function exportDocument(db: DbOrTx, document: DocumentRecord, format: keyof typeof exportTypes, versionId: string | null) {
	const { title, content } = await exportedContent(db, document, versionId);
	const body =
		format === 'pdf' ? await documentPdf(document, title, content) : format === 'html' ? htmlPage(title, renderHtml(content)) : `# ${title}\n\n${renderMarkdownText(content)}`;
	const [type, extension] = exportTypes[format];
	return new Response(body as BodyInit, {
		headers: {
			'content-type': type,
			'content-disposition': `attachment; filename="${fileName(title, extension)}"`,
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'"
		}
	});
}
