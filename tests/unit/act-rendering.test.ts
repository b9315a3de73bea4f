import { describe, expect, it } from 'vitest';
import { addMonths } from '#lib/features/publications/server/acts.js';
import { renderActHtml, renderActPdf, sha256Hex, type ActRenderingInput } from '#lib/features/publications/server/render.js';

const act: ActRenderingInput = {
	organisationName: 'Ville d’Auray',
	type: 'deliberation',
	typeLabel: 'Délibération',
	number: 'DEL-2026-042',
	title: 'Tarifs du port <2027>',
	subject: 'Tarifs des mouillages',
	category: 'Port',
	adoptedOn: '2026-11-05',
	signatoryName: 'Claire Le Goff',
	signatoryTitle: 'Maire',
	correctsNumber: 'DEL-2026-017',
	html: '<h2>Article 1</h2>\n<p>Les tarifs sont <strong>fixés</strong>.</p>\n',
	markdown: '## Article 1\n\nLes tarifs sont **fixés** : œuvre, élan, « guillemets ».\n\n- un\n- deux\n'
};

describe('act renderings', () => {
	it('renders the same PDF bytes on every call, with the font embedded and fixed dates', async () => {
		const first = await renderActPdf(act);
		await new Promise((resolve) => setTimeout(resolve, 1100)); // a second later: no clock may leak into the bytes
		const second = await renderActPdf(act);
		expect(sha256Hex(second)).toBe(sha256Hex(first));
		const text = Buffer.from(first).toString('latin1');
		expect(text.startsWith('%PDF-1.7')).toBe(true);
		expect(text).toMatch(/\/FontFile2/);
		expect(text).toMatch(/DejaVuSans/);
		expect(text).toContain('pdfaid:part');
		expect(text).toContain('D:20000101000000Z');
		// A different act gives a different file.
		expect(sha256Hex(await renderActPdf({ ...act, number: 'DEL-2026-043' }))).not.toBe(sha256Hex(first));
	});

	it('renders a standalone, escaped HTML page, byte for byte the same', () => {
		const html = Buffer.from(renderActHtml(act)).toString('utf8');
		expect(Buffer.from(renderActHtml(act)).toString('utf8')).toBe(html);
		expect(html).toContain('<h1>Délibération n° DEL-2026-042</h1>');
		expect(html).toContain('Tarifs du port &lt;2027&gt;');
		expect(html).toContain('Adopté le 5 novembre 2026');
		expect(html).toContain('Rectifie l’acte n° DEL-2026-017');
		expect(html).not.toMatch(/<(script|link|img)\b/);
	});

	it('counts the two legal months on the calendar', () => {
		expect(addMonths(new Date('2026-03-31T10:00:00Z'), 2).toISOString()).toBe('2026-05-31T10:00:00.000Z');
		expect(addMonths(new Date('2026-12-31T10:00:00Z'), 2).toISOString()).toBe('2027-02-28T10:00:00.000Z');
		expect(addMonths(new Date('2026-11-05T08:00:00Z'), 2).toISOString()).toBe('2027-01-05T08:00:00.000Z');
	});
});
