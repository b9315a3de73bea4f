import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	jsonToUpdate,
	renderHtml,
	renderMarkdownText,
	updateToJson,
	yDocToJson,
	type PmNode
} from '#lib/features/documents/server/content.js';
import { htmlToJson, markdownToJson } from '#lib/features/documents/server/import.js';

const sample: PmNode = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Délibération n° 12' }] },
		{
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'Le conseil ' },
				{ type: 'text', text: 'approuve', marks: [{ type: 'bold' }] },
				{ type: 'text', text: ' le ' },
				{ type: 'text', text: 'budget', marks: [{ type: 'link', attrs: { href: 'https://auray.example/budget' } }] },
				{ type: 'text', text: ' <script>alert(1)</script>' }
			]
		},
		{
			type: 'bulletList',
			content: [
				{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Pour : 21' }] }] },
				{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Contre : 4' }] }] }
			]
		},
		{
			type: 'table',
			content: [
				{ type: 'tableRow', content: [{ type: 'tableHeader', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Poste' }] }] }, { type: 'tableHeader', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Montant' }] }] }] },
				{ type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Voirie' }] }] }, { type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: '120 000 €' }] }] }] }
			]
		}
	]
};

describe('document content', () => {
	it('round-trips ProseMirror JSON through a Yjs document the way y-prosemirror stores it', () => {
		const json = updateToJson(jsonToUpdate(sample));
		expect(json).toEqual(sample);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, jsonToUpdate(sample));
		const paragraph = doc.getXmlFragment('default').get(1) as Y.XmlElement;
		expect(paragraph.nodeName).toBe('paragraph');
		expect((paragraph.get(0) as Y.XmlText).toDelta()[1]).toEqual({ insert: 'approuve', attributes: { bold: {} } });
		expect(yDocToJson(doc)).toEqual(sample);
	});

	it('renders deterministic, escaped HTML', () => {
		const html = renderHtml(sample);
		expect(html).toBe(renderHtml(updateToJson(jsonToUpdate(sample))));
		expect(html).toContain('<h1>Délibération n° 12</h1>');
		expect(html).toContain('<strong>approuve</strong>');
		expect(html).toContain('<a href="https://auray.example/budget" rel="noopener noreferrer nofollow">budget</a>');
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).not.toContain('<script');
		expect(html).toContain('<table><tbody><tr><th><p>Poste</p></th>');
	});

	it('drops unsafe links, images and unknown nodes', () => {
		const html = renderHtml({
			type: 'doc',
			content: [
				{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] },
				{ type: 'image', attrs: { src: 'data:text/html,<script>', alt: 'a' } },
				{ type: 'iframe', attrs: { src: 'https://evil.example' }, content: [{ type: 'text', text: 'texte' }] },
				{ type: 'heading', attrs: { level: '"><script>' }, content: [{ type: 'text', text: 't' }] }
			]
		});
		expect(html).toBe('<p>x</p>\n\ntexte\n<h2>t</h2>\n');
	});

	it('renders Markdown that parses back to the same document', () => {
		const markdown = renderMarkdownText(sample);
		expect(markdown).toContain('# Délibération n° 12\n');
		expect(markdown).toContain('Le conseil **approuve** le [budget](https://auray.example/budget) \\<script\\>alert(1)\\</script\\>');
		expect(markdown).toContain('- Pour : 21\n- Contre : 4');
		expect(markdown).toContain('| Poste | Montant |\n| --- | --- |\n| Voirie | 120 000 € |');
		expect(markdownToJson(markdown)).toEqual(sample);
	});

	it('imports HTML without scripts, styles or unsafe addresses', () => {
		const json = htmlToJson(
			'<div><h2 onclick="x()">Titre</h2><p>Un <b>gras</b> et <a href="javascript:x()">un lien</a>.<script>alert(1)</script></p><ol start="3"><li>trois</li></ol><img src="https://a.example/i.png" alt="plan"><style>p{}</style></div>'
		);
		expect(json).toEqual({
			type: 'doc',
			content: [
				{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Titre' }] },
				{ type: 'paragraph', content: [{ type: 'text', text: 'Un ' }, { type: 'text', text: 'gras', marks: [{ type: 'bold' }] }, { type: 'text', text: ' et ' }, { type: 'text', text: 'un lien' }, { type: 'text', text: '.' }] },
				{ type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'trois' }] }] }] },
				{ type: 'paragraph', content: [{ type: 'image', attrs: { alt: 'plan', src: 'https://a.example/i.png' } }] }
			]
		});
	});
});
