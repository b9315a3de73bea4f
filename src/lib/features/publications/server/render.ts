import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { escapeHtml } from '#lib/server/markdown.js';
import type { ActType } from '../schema.js';

/**
 * The frozen renderings of an act. Both are pure functions of their input: the same act gives
 * the same bytes on every machine and every run (fixed PDF dates and document ID, an embedded
 * font shipped as a package rather than whatever the system has), so a hash computed today still
 * identifies the file in ten years.
 */
export interface ActRenderingInput {
	organisationName: string;
	type: ActType;
	/** The French label of the type, e.g. « Délibération ». */
	typeLabel: string;
	number: string;
	title: string;
	subject: string;
	category: string | null;
	/** YYYY-MM-DD. */
	adoptedOn: string;
	signatoryName: string;
	signatoryTitle: string;
	/** Number of the act this one corrects, if any. */
	correctsNumber: string | null;
	/** Sanitised HTML of the frozen document version. */
	html: string;
	/** The same version as Markdown, laid out in the PDF. */
	markdown: string;
}

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** 2026-11-05 → « 5 novembre 2026 » (no time zone involved: a calendar date). */
export function frenchDate(isoDate: string) {
	const [year, month, day] = isoDate.split('-').map(Number);
	return new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, day));
}

function headerLines(act: ActRenderingInput) {
	return {
		heading: `${act.typeLabel} n° ${act.number}`,
		facts: [
			`Objet : ${act.subject}`,
			...(act.category ? [`Catégorie : ${act.category}`] : []),
			`Adopté le ${frenchDate(act.adoptedOn)}`,
			...(act.correctsNumber ? [`Rectifie l’acte n° ${act.correctsNumber}`] : [])
		],
		signature: `${act.signatoryName}, ${act.signatoryTitle}`
	};
}

/** A standalone HTML page: no external resources, so the hashed bytes are the whole act. */
export function renderActHtml(act: ActRenderingInput): Uint8Array {
	const { heading, facts, signature } = headerLines(act);
	const page = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>${escapeHtml(heading)} — ${escapeHtml(act.title)}</title>
<style>body{font-family:"DejaVu Sans",sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5}header p{margin:.2rem 0}.signature{margin-top:2rem;text-align:right}</style>
</head>
<body>
<header>
<p>${escapeHtml(act.organisationName)}</p>
<h1>${escapeHtml(heading)}</h1>
<p><strong>${escapeHtml(act.title)}</strong></p>
${facts.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
</header>
<main>
${act.html}
</main>
<p class="signature">${escapeHtml(signature)}</p>
</body>
</html>
`;
	return new TextEncoder().encode(page);
}

/** Inline Markdown markers are dropped in the PDF: links keep their address in brackets. */
const inline = (text: string) =>
	text
		.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
		.replace(/(\*\*|__|~~|`)/g, '')
		.replace(/(^|\W)[*_](\S(?:.*?\S)?)[*_](?=\W|$)/g, '$1$2')
		.replace(/\\([\\`*_{}[\]()#+\-.!>|~])/g, '$1');

/** Fixed so the bytes never depend on when the act was rendered. */
const EPOCH = new Date(Date.UTC(2000, 0, 1));

export function renderActPdf(act: ActRenderingInput): Promise<Uint8Array> {
	const { heading, facts, signature } = headerLines(act);
	const doc = new PDFDocument({
		size: 'A4',
		margin: 56,
		pdfVersion: '1.7',
		subset: 'PDF/A-2b',
		tagged: true,
		lang: 'fr-FR',
		displayTitle: true,
		font: FONT,
		info: { Title: `${heading} — ${act.title}`, Author: act.organisationName, Subject: act.subject, Creator: 'Parvis', Producer: 'Parvis', CreationDate: EPOCH, ModDate: EPOCH }
	});
	doc.registerFont('regular', FONT);
	doc.registerFont('bold', FONT_BOLD);
	const chunks: Buffer[] = [];
	const done = new Promise<Uint8Array>((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
		doc.on('error', reject);
	});
	doc.font('regular').fontSize(10).text(act.organisationName);
	doc.moveDown();
	doc.font('bold').fontSize(16).text(heading);
	doc.font('bold').fontSize(12).text(act.title);
	doc.moveDown(0.5);
	doc.font('regular').fontSize(10);
	for (const line of facts) doc.text(line);
	doc.moveDown();
	for (const block of act.markdown.split(/\n{2,}/)) {
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
	doc.moveDown();
	doc.font('regular').fontSize(11).text(signature, { align: 'right' });
	doc.end();
	return done;
}
