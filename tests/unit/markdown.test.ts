import { describe, expect, it } from 'vitest';
import { mentionCandidates, mentionedIds, renderMarkdown, type MentionMap } from '#lib/server/markdown.js';
import { executableMarkupProblems } from '../support/markup.js';

const safe = (source: string, mentions?: MentionMap) => {
	const html = renderMarkdown(source, mentions);
	expect(executableMarkupProblems(html), `${JSON.stringify(source.slice(0, 80))} → ${html.slice(0, 300)}`).toEqual([]);
	return html;
};

describe('renderMarkdown: the safe subset', () => {
	it('renders emphasis, lists, quotes, code and line breaks', () => {
		expect(safe('**gras** et *italique* et ~~barré~~')).toBe('<p><strong>gras</strong> et <em>italique</em> et <s>barré</s></p>\n');
		expect(safe('- un\n- deux')).toBe('<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n');
		expect(safe('> cité')).toBe('<blockquote>\n<p>cité</p>\n</blockquote>\n');
		expect(safe('`code`')).toBe('<p><code>code</code></p>\n');
		expect(safe('ligne 1\nligne 2')).toBe('<p>ligne 1<br>\nligne 2</p>\n');
	});

	it('turns off headings, images and tables (a comment is not a document)', () => {
		expect(safe('# Titre')).toBe('<p># Titre</p>\n');
		expect(safe('![photo](https://exemple.fr/a.png)')).not.toContain('<img');
		expect(safe('| a | b |\n|---|---|\n| 1 | 2 |')).not.toContain('<table');
	});

	it('keeps http(s) and mailto links, with rel="nofollow ugc noopener"', () => {
		expect(safe('[site](https://exemple.fr/page?a=1&b=2)')).toBe(
			'<p><a href="https://exemple.fr/page?a=1&amp;b=2" rel="nofollow ugc noopener">site</a></p>\n'
		);
		expect(safe('voir https://exemple.fr')).toContain('<a href="https://exemple.fr" rel="nofollow ugc noopener">https://exemple.fr</a>');
		expect(safe('écrire à contact@exemple.fr')).toContain('<a href="mailto:contact@exemple.fr" rel="nofollow ugc noopener">');
		expect(safe('[x](http://exemple.fr)')).toContain('href="http://exemple.fr"');
	});

	it('refuses every other link scheme and relative tricks', () => {
		for (const destination of [
			'javascript:alert(1)',
			'JaVaScRiPt:alert(1)',
			'javascript&#58;alert(1)',
			'java&#x73;cript:alert(1)',
			'&#106;avascript:alert(1)',
			' javascript:alert(1)',
			'<javascript:alert(1)>',
			'vbscript:msgbox(1)',
			'data:text/html;base64,PHNjcmlwdD4=',
			'file:///etc/passwd',
			'//evil.example/x',
			'/relative',
			'%6Aavascript:alert(1)'
		]) {
			const html = safe(`[x](${destination})`);
			expect(html, destination).not.toContain('<a');
		}
		expect(safe('<javascript:alert(1)>')).not.toContain('<a');
		expect(safe('[ref]\n\n[ref]: javascript:alert(1)')).not.toContain('<a');
	});

	it('escapes raw HTML instead of parsing it', () => {
		for (const source of [
			'<script>alert(1)</script>',
			'<img src=x onerror=alert(1)>',
			'<svg onload=alert(1)>',
			'<a href="javascript:alert(1)">x</a>',
			'<iframe src="https://evil.example"></iframe>',
			'<style>*{x:expression(alert(1))}</style>',
			'<div style="background:url(javascript:alert(1))">x</div>',
			'<!-- <script>alert(1)</script> -->',
			'<scr<script>ipt>alert(1)</script>',
			'"><script>alert(1)</script>',
			'<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'
		]) {
			const html = safe(source);
			expect(html, source).not.toMatch(/<(script|img|svg|iframe|style|div|math)\b/i);
		}
		expect(safe('<b>gras</b>')).toBe('<p>&lt;b&gt;gras&lt;/b&gt;</p>\n');
	});

	it('drops link titles and fence languages: no user text inside a tag but the checked address', () => {
		const title = safe('[x](https://exemple.fr "a\\" onmouseover=\\"alert(1)")');
		expect(title).toBe('<p><a href="https://exemple.fr" rel="nofollow ugc noopener">x</a></p>\n');
		const fence = safe('```js" onclick="alert(1)\n<b>code</b>\n```');
		expect(fence).toBe('<pre><code>&lt;b&gt;code&lt;/b&gt;\n</code></pre>\n');
	});

	it('survives malformed nesting and stays well formed', () => {
		for (const source of ['**_[a](http://x', '*a **b* c**', '> > > - [ ](', '[[[[]]]](((()))', '`', '~~~\nnon fermé', '- a\n  - b\n    - c\n- d']) {
			const html = safe(source);
			const opened = (html.match(/<(ul|ol|li|p|blockquote|em|strong|a|code|pre)\b/g) ?? []).length;
			const closed = (html.match(/<\/(ul|ol|li|p|blockquote|em|strong|a|code|pre)>/g) ?? []).length;
			expect(closed, source).toBe(opened);
		}
	});

	it('renders 100 KB bodies, including pathological ones, safely', () => {
		const bodies = [
			'a'.repeat(100_000),
			'<script>'.repeat(12_500),
			'[x](javascript:alert(1))'.repeat(4_000),
			'**'.repeat(50_000),
			'['.repeat(50_000) + ']('.repeat(25_000),
			'> '.repeat(50_000) + 'fin',
			'- '.repeat(50_000),
			'`'.repeat(100_000),
			'*a _b '.repeat(16_000)
		];
		for (const body of bodies) {
			expect(body.length).toBeGreaterThanOrEqual(90_000);
			const html = safe(body);
			expect(html.length).toBeGreaterThan(0);
		}
	});
});

describe('mentions', () => {
	const mentions: MentionMap = new Map([
		['yann kerlo', { id: 'u-yann-kerlo', name: 'Yann Kerlo' }],
		['yann', { id: 'u-yann', name: 'Yann' }],
		['m.lebihan', { id: 'u-maelle', name: 'Maëlle Le Bihan' }]
	]);

	it('links the longest known name after @, and nothing inside words, addresses or code', () => {
		const html = safe('Merci @Yann Kerlo, @yann et @m.lebihan. Pas jean@yann.fr ni `@yann`.', mentions);
		expect(html).toContain('<a href="/users/u-yann-kerlo" class="mention" rel="nofollow ugc noopener">@Yann Kerlo</a>');
		expect(html).toContain('<a href="/users/u-yann" class="mention" rel="nofollow ugc noopener">@yann</a>');
		expect(html).toContain('<a href="/users/u-maelle" class="mention" rel="nofollow ugc noopener">@m.lebihan</a>.');
		expect(html).toContain('<code>@yann</code>');
		expect(html).not.toContain('/users/u-yann">@yann.fr');
		expect(mentionedIds('Merci @Yann Kerlo, @yann et @m.lebihan. `@inconnu`', mentions)).toEqual(['u-yann-kerlo', 'u-yann', 'u-maelle']);
	});

	it('lists the candidate names a text may mention', () => {
		expect(mentionCandidates('Bonjour @Yann Kerlo, et @m.lebihan.')).toEqual(
			expect.arrayContaining(['yann', 'yann kerlo', 'm.lebihan', 'm.lebihan.'])
		);
		expect(mentionCandidates('jean@exemple.fr')).toEqual([]);
	});
});
