import { createHash } from 'node:crypto';
import { escapeHtml } from '#lib/server/markdown.js';
import { renderMarkdownPdf } from '#lib/server/pdf.js';
import type { ActType } from '../schema.js';

/**
 * The frozen renderings of an act. Both are pure functions of their input: the same act gives
 * the same bytes on every machine and every run (see `renderMarkdownPdf`), so a hash computed
 * today still identifies the file in ten years.
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

export function renderActPdf(act: ActRenderingInput): Promise<Uint8Array> {
	const { heading, facts, signature } = headerLines(act);
	return renderMarkdownPdf({
		title: `${heading} — ${act.title}`,
		author: act.organisationName,
		subject: act.subject,
		head(doc) {
			doc.font('regular').fontSize(10).text(act.organisationName);
			doc.moveDown();
			doc.font('bold').fontSize(16).text(heading);
			doc.font('bold').fontSize(12).text(act.title);
			doc.moveDown(0.5);
			doc.font('regular').fontSize(10);
			for (const line of facts) doc.text(line);
		},
		markdown: act.markdown,
		tail: (doc) => doc.font('regular').fontSize(11).text(signature, { align: 'right' })
	});
}
