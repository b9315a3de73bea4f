import * as Y from 'yjs';

/**
 * Document content without a DOM: the Yjs document the editor writes through y-prosemirror
 * (Tiptap's `default` XML fragment), as ProseMirror JSON, and deterministic renderings of it.
 *
 * y-prosemirror stores a node as a Y.XmlElement named after the node type with its attributes,
 * and text as Y.XmlText whose formatting attributes are the marks (`{ bold: {} }`,
 * `{ link: { href } }`). The renderers below accept only the node and mark types of the editor's
 * schema, escape every text and attribute, and keep only safe link and image addresses, so what
 * they return can be served as it is.
 */

export const FRAGMENT = 'default';

export interface PmMark {
	type: string;
	attrs?: Record<string, unknown>;
}
export interface PmNode {
	type: string;
	attrs?: Record<string, unknown>;
	content?: PmNode[];
	text?: string;
	marks?: PmMark[];
}

const sortedAttrs = (attrs: Record<string, unknown>) => {
	const out: Record<string, unknown> = {};
	for (const key of Object.keys(attrs).sort()) if (attrs[key] !== undefined && attrs[key] !== null) out[key] = attrs[key];
	return out;
};

/** The ProseMirror JSON of a Yjs document (keys in a fixed order, so equal content gives equal JSON). */
export function yDocToJson(doc: Y.Doc): PmNode {
	return { type: 'doc', content: fragmentToNodes(doc.getXmlFragment(FRAGMENT)) };
}

function fragmentToNodes(parent: Y.XmlFragment | Y.XmlElement): PmNode[] {
	const nodes: PmNode[] = [];
	for (const child of parent.toArray()) {
		if (child instanceof Y.XmlText) {
			for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, Record<string, unknown> | null> }[]) {
				if (typeof op.insert !== 'string' || op.insert === '') continue;
				const node: PmNode = { type: 'text', text: op.insert };
				const marks = Object.keys(op.attributes ?? {})
					.sort()
					.map((key): PmMark => {
						const value = op.attributes![key];
						// Overlapping marks of one type are stored as `name--hash`.
						const type = key.split('--')[0];
						const attrs = value && typeof value === 'object' ? sortedAttrs(value) : {};
						return Object.keys(attrs).length ? { type, attrs } : { type };
					});
				if (marks.length) node.marks = marks;
				nodes.push(node);
			}
		} else if (child instanceof Y.XmlElement) {
			const node: PmNode = { type: child.nodeName };
			const attrs = sortedAttrs(child.getAttributes() as Record<string, unknown>);
			if (Object.keys(attrs).length) node.attrs = attrs;
			const content = fragmentToNodes(child);
			if (content.length) node.content = content;
			nodes.push(node);
		}
	}
	return nodes;
}

/** Writes ProseMirror JSON into an empty Yjs document, the way y-prosemirror would. */
export function jsonToYDoc(json: PmNode, doc = new Y.Doc()): Y.Doc {
	const fragment = doc.getXmlFragment(FRAGMENT);
	doc.transact(() => {
		fragment.delete(0, fragment.length);
		fragment.insert(0, nodesToY(json.content ?? []));
	});
	return doc;
}

function nodesToY(nodes: PmNode[]): (Y.XmlElement | Y.XmlText)[] {
	const out: (Y.XmlElement | Y.XmlText)[] = [];
	let run: { insert: string; attributes: Record<string, unknown> }[] | null = null;
	const flush = () => {
		if (!run) return;
		const text = new Y.XmlText();
		// Before the text is part of a document, Yjs keeps the delta and applies it on integration.
		text.applyDelta(run);
		out.push(text);
		run = null;
	};
	for (const node of nodes) {
		if (node.type === 'text') {
			if (!node.text) continue;
			const attributes: Record<string, unknown> = {};
			for (const mark of node.marks ?? []) attributes[mark.type] = mark.attrs ?? {};
			(run ??= []).push({ insert: node.text, attributes });
			continue;
		}
		flush();
		const element = new Y.XmlElement(node.type);
		for (const [key, value] of Object.entries(node.attrs ?? {}))
			if (value !== null && value !== undefined) element.setAttribute(key, value as string);
		element.insert(0, nodesToY(node.content ?? []));
		out.push(element);
	}
	flush();
	return out;
}

/** A Yjs update holding the whole of `json` (for a new document, an import or a restore). */
export function jsonToUpdate(json: PmNode): Uint8Array {
	return Y.encodeStateAsUpdate(jsonToYDoc(json));
}

/** The ProseMirror JSON of a Yjs state (one update or the merge of several). */
export function updateToJson(update: Uint8Array | null | undefined): PmNode {
	const doc = new Y.Doc();
	if (update && update.length) Y.applyUpdate(doc, update);
	const json = yDocToJson(doc);
	doc.destroy();
	return json;
}

export const emptyDocument = (): PmNode => ({ type: 'doc', content: [{ type: 'paragraph' }] });

// ---------------------------------------------------------------------------------------------
// HTML

const escapeHtml = (value: string) =>
	value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Link targets people may use: web, mail and telephone addresses, and paths on this site. */
export function safeHref(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const href = value.trim();
	if (/^(https?:\/\/|mailto:|tel:)/i.test(href)) return href;
	if (/^\/(?!\/)/.test(href) || href.startsWith('#')) return href;
	return null;
}
/** Image sources: web addresses and paths on this site (no `data:`, no `javascript:`). */
export function safeSrc(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const src = value.trim();
	return /^https?:\/\//i.test(src) || /^\/(?!\/)/.test(src) ? src : null;
}

const intAttr = (value: unknown, min: number, max: number) => {
	const n = typeof value === 'number' ? value : Number(value);
	return Number.isInteger(n) && n >= min && n <= max ? n : null;
};

const markTags: Record<string, [string, string]> = {
	bold: ['<strong>', '</strong>'],
	italic: ['<em>', '</em>'],
	strike: ['<s>', '</s>'],
	underline: ['<u>', '</u>'],
	code: ['<code>', '</code>'],
	subscript: ['<sub>', '</sub>'],
	superscript: ['<sup>', '</sup>']
};
// Marks nest in one fixed order, so the same text gives the same bytes.
const markOrder = ['link', 'bold', 'italic', 'underline', 'strike', 'subscript', 'superscript', 'code'];
const orderedMarks = (marks: PmMark[] = []) =>
	marks.filter((m) => markOrder.includes(m.type)).sort((a, b) => markOrder.indexOf(a.type) - markOrder.indexOf(b.type));

function textHtml(node: PmNode): string {
	let html = escapeHtml(node.text ?? '');
	for (const mark of orderedMarks(node.marks).reverse()) {
		if (mark.type === 'link') {
			const href = safeHref(mark.attrs?.href);
			if (href) html = `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${html}</a>`;
		} else html = markTags[mark.type][0] + html + markTags[mark.type][1];
	}
	return html;
}

function cellAttrs(node: PmNode): string {
	const colspan = intAttr(node.attrs?.colspan, 2, 100);
	const rowspan = intAttr(node.attrs?.rowspan, 2, 100);
	return (colspan ? ` colspan="${colspan}"` : '') + (rowspan ? ` rowspan="${rowspan}"` : '');
}

function nodeHtml(node: PmNode): string {
	const inner = () => (node.content ?? []).map(nodeHtml).join('');
	switch (node.type) {
		case 'doc':
			return (node.content ?? []).map((child) => nodeHtml(child) + '\n').join('');
		case 'text':
			return textHtml(node);
		case 'paragraph':
			return `<p>${inner()}</p>`;
		case 'heading': {
			const level = intAttr(node.attrs?.level, 1, 6) ?? 2;
			return `<h${level}>${inner()}</h${level}>`;
		}
		case 'bulletList':
			return `<ul>${inner()}</ul>`;
		case 'orderedList': {
			const start = intAttr(node.attrs?.start, 0, 1_000_000);
			return `<ol${start !== null && start !== 1 ? ` start="${start}"` : ''}>${inner()}</ol>`;
		}
		case 'listItem':
			return `<li>${inner()}</li>`;
		case 'blockquote':
			return `<blockquote>${inner()}</blockquote>`;
		case 'codeBlock':
			return `<pre><code>${(node.content ?? []).map((t) => escapeHtml(t.text ?? '')).join('')}</code></pre>`;
		case 'horizontalRule':
			return '<hr>';
		case 'hardBreak':
			return '<br>';
		case 'image': {
			const src = safeSrc(node.attrs?.src);
			if (!src) return '';
			const alt = typeof node.attrs?.alt === 'string' ? node.attrs.alt : '';
			return `<img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">`;
		}
		case 'table':
			return `<table><tbody>${inner()}</tbody></table>`;
		case 'tableRow':
			return `<tr>${inner()}</tr>`;
		case 'tableHeader':
			return `<th${cellAttrs(node)}>${inner()}</th>`;
		case 'tableCell':
			return `<td${cellAttrs(node)}>${inner()}</td>`;
		default:
			// An unknown node keeps its text, never its markup.
			return inner();
	}
}

/** Sanitised HTML of a document: same content, same bytes. */
export function renderHtml(json: PmNode): string {
	return nodeHtml(json.type === 'doc' ? json : { type: 'doc', content: [json] });
}

// ---------------------------------------------------------------------------------------------
// Markdown

const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]<>|~])/g, '\\$1').replace(/^(\s*)([#>+-]|\d+\.)(?=\s)/gm, '$1\\$2');

function inlineMarkdown(nodes: PmNode[] = []): string {
	let out = '';
	for (const node of nodes) {
		if (node.type === 'hardBreak') {
			out += '\\\n';
			continue;
		}
		if (node.type === 'image') {
			const src = safeSrc(node.attrs?.src);
			if (src) out += `![${escapeMarkdown(String(node.attrs?.alt ?? ''))}](${src.replace(/[()\s]/g, encodeURIComponent)})`;
			continue;
		}
		if (node.type !== 'text') {
			out += inlineMarkdown(node.content);
			continue;
		}
		const marks = orderedMarks(node.marks);
		if (marks.some((m) => m.type === 'code')) {
			const text = node.text ?? '';
			const fence = text.includes('`') ? '``' : '`';
			out += wrapLink(marks, `${fence}${fence.length > 1 ? ' ' : ''}${text}${fence.length > 1 ? ' ' : ''}${fence}`);
			continue;
		}
		let text = escapeMarkdown(node.text ?? '');
		const lead = text.match(/^\s*/)![0];
		const trail = text.slice(lead.length).match(/\s*$/)![0];
		let core = text.slice(lead.length, text.length - trail.length);
		if (core) {
			for (const mark of [...marks].reverse()) {
				if (mark.type === 'bold') core = `**${core}**`;
				else if (mark.type === 'italic') core = `*${core}*`;
				else if (mark.type === 'strike') core = `~~${core}~~`;
				else if (mark.type === 'underline') core = `<u>${core}</u>`;
			}
			core = wrapLink(marks, core);
		}
		text = lead + core + trail;
		out += text;
	}
	return out;
}

function wrapLink(marks: PmMark[], text: string) {
	const link = marks.find((m) => m.type === 'link');
	const href = link && safeHref(link.attrs?.href);
	return href ? `[${text}](${href.replace(/[()\s]/g, encodeURIComponent)})` : text;
}

function blockMarkdown(node: PmNode, indent: string): string {
	switch (node.type) {
		case 'paragraph':
			return indentLines(inlineMarkdown(node.content), indent);
		case 'heading':
			return indent + '#'.repeat(intAttr(node.attrs?.level, 1, 6) ?? 2) + ' ' + inlineMarkdown(node.content).replace(/\\\n/g, ' ');
		case 'blockquote':
			return blocksMarkdown(node.content ?? [], '')
				.split('\n')
				.map((line) => indent + (line ? '> ' + line : '>'))
				.join('\n');
		case 'bulletList':
		case 'orderedList': {
			const start = intAttr(node.attrs?.start, 0, 1_000_000) ?? 1;
			return (node.content ?? [])
				.map((item, index) => {
					const bullet = node.type === 'bulletList' ? '- ' : `${start + index}. `;
					const body = blocksMarkdown(item.content ?? [], ' '.repeat(bullet.length), true);
					return indent + bullet + body.slice(bullet.length);
				})
				.join('\n');
		}
		case 'codeBlock': {
			const code = (node.content ?? []).map((t) => t.text ?? '').join('');
			const fence = code.includes('```') ? '````' : '```';
			return indentLines(`${fence}\n${code}\n${fence}`, indent);
		}
		case 'horizontalRule':
			return indent + '---';
		case 'image':
			return indent + inlineMarkdown([node]);
		case 'table':
			return indentLines(tableMarkdown(node), indent);
		default:
			return blocksMarkdown(node.content ?? [], indent);
	}
}

function indentLines(text: string, indent: string) {
	return text
		.split('\n')
		.map((line) => (line ? indent + line : line))
		.join('\n');
}

function blocksMarkdown(nodes: PmNode[], indent: string, tight = false): string {
	return nodes
		.map((node) => blockMarkdown(node, indent))
		.filter((text) => text.trim() !== '' || !tight)
		.join(tight ? '\n' : '\n\n');
}

function tableMarkdown(table: PmNode): string {
	const rows = (table.content ?? []).map((row) =>
		(row.content ?? []).map((cell) =>
			(cell.content ?? [])
				.map((block) => inlineMarkdown(block.content).replace(/\\\n/g, ' '))
				.join(' ')
				.replace(/\n/g, ' ')
		)
	);
	if (!rows.length) return '';
	const width = Math.max(...rows.map((r) => r.length));
	const line = (cells: string[]) => '| ' + Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ') + ' |';
	return [line(rows[0]), '| ' + Array.from({ length: width }, () => '---').join(' | ') + ' |', ...rows.slice(1).map(line)].join('\n');
}

/** Markdown of a document (CommonMark with GFM tables and strike-through). */
export function renderMarkdownText(json: PmNode): string {
	const text = blocksMarkdown(json.content ?? [], '');
	return text.trim() ? text.replace(/\n{3,}/g, '\n\n').trimEnd() + '\n' : '';
}

/** The plain text of a document, for search and titles. */
export function plainText(json: PmNode): string {
	if (json.type === 'text') return json.text ?? '';
	const parts = (json.content ?? []).map(plainText);
	const block = ['doc', 'blockquote', 'bulletList', 'orderedList', 'listItem', 'table', 'tableRow'].includes(json.type);
	return parts.join(block ? '\n' : json.type === 'tableCell' || json.type === 'tableHeader' ? ' ' : '');
}
