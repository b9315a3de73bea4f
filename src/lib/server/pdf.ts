import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * Deterministic PDF from Markdown: the same input gives the same bytes on every machine and every
 * run (fixed PDF dates and document ID, an embedded font shipped as a package rather than whatever
 * the system has). Used for adopted acts (publication register) and document exports.
 */

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** Fixed so the bytes never depend on when the file was rendered. */
const EPOCH = new Date(Date.UTC(2000, 0, 1));

/** Inline Markdown markers are dropped in the PDF: links keep their address in brackets. */
const inline = (text: string) =>
	text
		.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
		.replace(/(\*\*|__|~~|`)/g, '')
		.replace(/(^|\W)[*_](\S(?:.*?\S)?)[*_](?=\W|$)/g, '$1$2')
		.replace(/\\([\\`*_{}[\]()#+\-.!>|~])/g, '$1');

export interface MarkdownPdfInput {
	title: string;
	author: string;
	subject?: string;
	/** Draws what comes before the body (fonts `regular` and `bold` are registered). */
	head(doc: PDFKit.PDFDocument): void;
	markdown: string;
	/** Draws what comes after the body, e.g. a signature. */
	tail?(doc: PDFKit.PDFDocument): void;
}

export function renderMarkdownPdf(input: MarkdownPdfInput): Promise<Uint8Array> {
	const doc = new PDFDocument({
		size: 'A4',
		margin: 56,
		pdfVersion: '1.7',
		subset: 'PDF/A-2b',
		tagged: true,
		lang: 'fr-FR',
		displayTitle: true,
		font: FONT,
		info: {
			Title: input.title,
			Author: input.author,
			...(input.subject === undefined ? {} : { Subject: input.subject }),
			Creator: 'Parvis',
			Producer: 'Parvis',
			CreationDate: EPOCH,
			ModDate: EPOCH
		}
	});
	doc.registerFont('regular', FONT);
	doc.registerFont('bold', FONT_BOLD);
	const chunks: Buffer[] = [];
	const done = new Promise<Uint8Array>((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
		doc.on('error', reject);
	});
	input.head(doc);
	doc.moveDown();
	for (const block of input.markdown.split(/\n{2,}/)) {
		const lines = block.split('\n');
		const title = /^(#{1,6})\s+(.*)$/.exec(lines[0]);
		if (title && lines.length === 1) {
			doc.font('bold').fontSize(title[1].length <= 2 ? 13 : 11).text(inline(title[2]));
		} else {
			doc.font('regular').fontSize(11);
			for (const line of lines) {
				const item = /^(\s*)([-*+]|\d+\.)\s+(.*)$/.exec(line);
				if (item) doc.text(`${/\d/.test(item[2]) ? item[2] : '•'} ${inline(item[3])}`, { indent: 12 + item[1].length * 6 });
				else doc.text(inline(line.replace(/^>\s?/, '')));
			}
		}
		doc.moveDown(0.5);
	}
	if (input.tail) {
		doc.moveDown();
		input.tail(doc);
	}
	doc.end();
	return done;
}
