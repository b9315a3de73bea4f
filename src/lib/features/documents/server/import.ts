import { parseDocument } from 'htmlparser2';
import mammoth from 'mammoth';
import MarkdownIt from 'markdown-it';
import { ApiError } from '#lib/server/api/errors.js';
import { safeHref, safeSrc, type PmMark, type PmNode } from './content.js';

/**
 * Markdown and HTML into the editor's ProseMirror JSON, without a DOM. Only the editor's node and
 * mark types come out; scripts, styles, event attributes and unsafe addresses are dropped.
 */

const md = new MarkdownIt('default', { html: false, linkify: true });

type Token = ReturnType<typeof md.parse>[number];

const blockTypes: Record<string, string> = {
	paragraph: 'paragraph',
	heading: 'heading',
	bullet_list: 'bulletList',
	ordered_list: 'orderedList',
	list_item: 'listItem',
	blockquote: 'blockquote',
	table: 'table',
	tr: 'tableRow',
	th: 'tableHeader',
	td: 'tableCell'
};

export function markdownToJson(source: string): PmNode {
	const root: PmNode = { type: 'doc', content: [] };
	const stack: PmNode[] = [root];
	const top = () => stack[stack.length - 1];
	const push = (node: PmNode) => (top().content ??= []).push(node);
	for (const token of md.parse(source, {})) {
		const name = token.type.replace(/_(open|close)$/, '');
		if (token.type === 'inline') {
			const inline = inlineTokens(token.children ?? []);
			// Table cells hold blocks in the editor's schema.
			if (top().type === 'tableCell' || top().type === 'tableHeader') push({ type: 'paragraph', ...(inline.length ? { content: inline } : {}) });
			else if (inline.length) (top().content ??= []).push(...inline);
		} else if (token.type.endsWith('_open') && blockTypes[name]) {
			const node: PmNode = { type: blockTypes[name] };
			if (name === 'heading') node.attrs = { level: Number(token.tag.slice(1)) };
			if (name === 'ordered_list') node.attrs = { start: Number(token.attrGet('start') ?? 1) };
			push(node);
			stack.push(node);
		} else if (token.type.endsWith('_close') && blockTypes[name]) {
			stack.pop();
		} else if (token.type === 'fence' || token.type === 'code_block') {
			const code = token.content.replace(/\n$/, '');
			push({ type: 'codeBlock', ...(code ? { content: [{ type: 'text', text: code }] } : {}) });
		} else if (token.type === 'hr') push({ type: 'horizontalRule' });
	}
	return finish(root);
}

function inlineTokens(tokens: Token[]): PmNode[] {
	const out: PmNode[] = [];
	const marks: PmMark[] = [];
	const text = (value: string) => {
		if (value) out.push(marks.length ? { type: 'text', text: value, marks: marks.map((m) => ({ ...m })) } : { type: 'text', text: value });
	};
	const markOf: Record<string, string> = { strong: 'bold', em: 'italic', s: 'strike' };
	for (const token of tokens) {
		const name = token.type.replace(/_(open|close)$/, '');
		if (token.type === 'text') text(token.content);
		else if (token.type === 'softbreak') text(' ');
		else if (token.type === 'hardbreak') out.push({ type: 'hardBreak' });
		else if (token.type === 'code_inline') {
			marks.push({ type: 'code' });
			text(token.content);
			marks.pop();
		} else if (markOf[name] && token.type.endsWith('_open')) marks.push({ type: markOf[name] });
		else if (markOf[name] && token.type.endsWith('_close')) removeMark(marks, markOf[name]);
		else if (token.type === 'link_open') {
			const href = safeHref(token.attrGet('href'));
			marks.push(href ? { type: 'link', attrs: { href } } : { type: 'ignored' });
		} else if (token.type === 'link_close') marks.pop();
		else if (token.type === 'image') {
			const src = safeSrc(token.attrGet('src'));
			if (src) out.push({ type: 'image', attrs: { src, alt: token.content } });
		}
	}
	return out.map((node) => (node.marks ? withMarks(node, node.marks.filter((m) => m.type !== 'ignored')) : node));
}

const withMarks = (node: PmNode, marks: PmMark[]) => {
	const { marks: _, ...rest } = node;
	return marks.length ? { ...rest, marks } : rest;
};

function removeMark(marks: PmMark[], type: string) {
	const index = marks.map((m) => m.type).lastIndexOf(type);
	if (index >= 0) marks.splice(index, 1);
}

/** Fixes what the editor's schema requires: a document, list item or cell never empty. */
function finish(node: PmNode): PmNode {
	if (node.content) node.content = node.content.map(finish);
	const needsBlock = ['doc', 'listItem', 'tableCell', 'tableHeader', 'blockquote'];
	if (needsBlock.includes(node.type) && !node.content?.length) node.content = [{ type: 'paragraph' }];
	// Inline content directly in a block container is wrapped in a paragraph.
	if (needsBlock.includes(node.type) && node.content) {
		const fixed: PmNode[] = [];
		for (const child of node.content) {
			if (isInline(child)) {
				const last = fixed.at(-1);
				if (last?.type === 'paragraph' && last.attrs?.wrapped) (last.content ??= []).push(child);
				else fixed.push({ type: 'paragraph', attrs: { wrapped: true }, content: [child] });
			} else fixed.push(child);
		}
		node.content = fixed.map((child) => (child.attrs?.wrapped ? { type: 'paragraph', content: child.content } : child));
	}
	return node;
}
const isInline = (node: PmNode) => node.type === 'text' || node.type === 'hardBreak' || node.type === 'image';

// ---------------------------------------------------------------------------------------------
// HTML

type HtmlNode = ReturnType<typeof parseDocument>['children'][number];
interface HtmlElement {
	type: string;
	name: string;
	attribs: Record<string, string>;
	children: HtmlNode[];
}

const htmlBlocks: Record<string, string> = {
	p: 'paragraph',
	ul: 'bulletList',
	ol: 'orderedList',
	li: 'listItem',
	blockquote: 'blockquote',
	table: 'table',
	tr: 'tableRow',
	th: 'tableHeader',
	td: 'tableCell'
};
const htmlMarks: Record<string, string> = { strong: 'bold', b: 'bold', em: 'italic', i: 'italic', s: 'strike', del: 'strike', strike: 'strike', u: 'underline', code: 'code', sub: 'subscript', sup: 'superscript' };
const dropped = new Set(['script', 'style', 'template', 'iframe', 'object', 'embed', 'head', 'title', 'noscript', 'svg', 'math']);

export function htmlToJson(html: string): PmNode {
	const dom = parseDocument(html, { decodeEntities: true });
	return finish({ type: 'doc', content: convertHtml(dom.children, []) });
}

function convertHtml(nodes: HtmlNode[], marks: PmMark[]): PmNode[] {
	const out: PmNode[] = [];
	for (const node of nodes) {
		if (node.type === 'text') {
			const data = (node as unknown as { data: string }).data.replace(/\s+/g, ' ');
			if (data.trim() === '' && !marks.length) continue;
			out.push(marks.length ? { type: 'text', text: data, marks: marks.map((m) => ({ ...m })) } : { type: 'text', text: data });
			continue;
		}
		if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
		const element = node as unknown as HtmlElement;
		const name = element.name.toLowerCase();
		if (dropped.has(name)) continue;
		if (/^h[1-6]$/.test(name)) out.push({ type: 'heading', attrs: { level: Number(name[1]) }, content: convertHtml(element.children, marks) });
		else if (htmlBlocks[name]) {
			const block: PmNode = { type: htmlBlocks[name], content: convertHtml(element.children, marks) };
			if (name === 'ol') block.attrs = { start: Number(element.attribs.start ?? 1) || 1 };
			if (name === 'td' || name === 'th') {
				const colspan = Number(element.attribs.colspan);
				const rowspan = Number(element.attribs.rowspan);
				block.attrs = { colspan: Number.isInteger(colspan) && colspan > 1 ? colspan : 1, rowspan: Number.isInteger(rowspan) && rowspan > 1 ? rowspan : 1 };
			}
			out.push(block);
		} else if (name === 'pre') out.push({ type: 'codeBlock', content: [{ type: 'text', text: textOf(node) }].filter((t) => t.text) });
		else if (name === 'hr') out.push({ type: 'horizontalRule' });
		else if (name === 'br') out.push({ type: 'hardBreak' });
		else if (name === 'img') {
			const src = safeSrc(element.attribs.src);
			if (src) out.push({ type: 'image', attrs: { src, alt: element.attribs.alt ?? '' } });
		} else if (name === 'a') {
			const href = safeHref(element.attribs.href);
			out.push(...convertHtml(element.children, href ? [...marks, { type: 'link', attrs: { href } }] : marks));
		} else if (htmlMarks[name]) out.push(...convertHtml(element.children, [...marks, { type: htmlMarks[name] }]));
		// Any other element (div, span, section, tbody…) gives its content and nothing of itself.
		else out.push(...convertHtml(element.children, marks));
	}
	return out;
}

function textOf(node: HtmlNode): string {
	if (node.type === 'text') return (node as unknown as { data: string }).data;
	return ((node as unknown as HtmlElement).children ?? []).map(textOf).join('');
}

/**
 * A Word document (.docx, base64) into the editor's JSON, through mammoth's semantic HTML
 * (headings, lists, tables, links, bold/italic; styles and layout are left behind). Embedded
 * images come out as `data:` addresses, which the HTML import drops like any unsafe source.
 */
export async function docxToJson(base64: string): Promise<PmNode> {
	try {
		const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(base64, 'base64') });
		return htmlToJson(value);
	} catch {
		throw new ApiError('validation_failed', 'documents.import.invalidDocx', { content: 'documents.import.invalidDocx' });
	}
}

/** Imported content in one of the accepted formats (`docx`: the file, base64). */
export async function importContent(content: string, format: 'markdown' | 'html' | 'docx'): Promise<PmNode> {
	if (format === 'docx') return docxToJson(content);
	return format === 'html' ? htmlToJson(content) : markdownToJson(content);
}
