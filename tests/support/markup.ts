/**
 * Checks that HTML built from hostile user input can run no script: every tag is scanned for event
 * handler attributes, script-capable URLs and embedding elements, and the page's own inline
 * scripts (SvelteKit's hydration data, which carries the user text as JSON strings) must contain
 * nothing that would close them early. Test markers (`xss-…`) may only appear in text.
 */
import { expect } from 'vitest';

const SCRIPT_ELEMENT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const TAG = /<([a-zA-Z][\w:-]*)([^>]*)>/g;
const ATTRIBUTE = /([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g;
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster', 'background', 'ping']);
const EMBEDDING = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base']);

const decodeEntities = (value: string) =>
	value
		.replace(/&#x([0-9a-f]+);?/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
		.replace(/&#(\d+);?/g, (_, dec) => String.fromCodePoint(Number(dec)))
		.replace(/&colon;/gi, ':')
		.replace(/&tab;|&newline;/gi, '')
		.replace(/&quot;/g, '"')
		.replace(/&apos;|&#39;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');

export function executableMarkupProblems(html: string): string[] {
	const problems: string[] = [];
	for (const [whole, attributes, content] of html.matchAll(SCRIPT_ELEMENT)) {
		if (/\bsrc\s*=/i.test(attributes) && !/\bsrc\s*=\s*"\/_app\//i.test(attributes)) problems.push(`foreign script: ${whole.slice(0, 120)}`);
		if (/<\/?script|<!--/i.test(content)) problems.push(`inline script could be closed early: ${content.slice(0, 120)}`);
		if (/xss-/i.test(attributes)) problems.push(`user text in a script tag: ${whole.slice(0, 120)}`);
	}
	const markup = html.replace(SCRIPT_ELEMENT, '<script></script>');
	for (const [tag, name, rest] of markup.matchAll(TAG)) {
		const tagName = name.toLowerCase();
		if (EMBEDDING.has(tagName)) problems.push(`embedding element: ${tag.slice(0, 120)}`);
		if (/xss-/i.test(tag)) problems.push(`user text inside a tag: ${tag.slice(0, 160)}`);
		for (const [, attribute, rawValue] of rest.matchAll(ATTRIBUTE)) {
			const attr = attribute.toLowerCase();
			if (attr.startsWith('on')) problems.push(`event handler attribute ${attr}: ${tag.slice(0, 120)}`);
			const value = rawValue ? decodeEntities(rawValue.replace(/^["']|["']$/g, '')) : '';
			const compact = value.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
			if (URL_ATTRIBUTES.has(attr) && /^(javascript|vbscript|data):/.test(compact)) problems.push(`script URL in ${attr}: ${tag.slice(0, 120)}`);
			if (attr === 'style' && /javascript:|expression\(|url\(/i.test(compact)) problems.push(`scripted style: ${tag.slice(0, 120)}`);
		}
	}
	return problems;
}

export function assertNoExecutableMarkup(html: string, where: string) {
	expect(executableMarkupProblems(html), `executable markup in ${where}`).toEqual([]);
}
