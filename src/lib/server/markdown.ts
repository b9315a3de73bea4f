import MarkdownIt from 'markdown-it';

/**
 * The safe Markdown subset people write in comments (and any other user text):
 * paragraphs, emphasis, strike-through, lists, quotes, code, line breaks and links.
 *
 * Safety does not rest on a clean-up pass after the fact: raw HTML is never parsed (`html:
 * false`, so `<script>` stays text and is escaped), images and headings are switched off, and
 * every link destination must be http(s) or mailto (no `javascript:`, `data:`, `vbscript:`,
 * relative tricks). markdown-it escapes every text and attribute it writes.
 */
const md = new MarkdownIt('default', { html: false, linkify: true, breaks: true, typographer: false });
md.disable(['heading', 'lheading', 'image', 'table', 'html_block', 'html_inline', 'reference']);
// markdown-it normalises (entity-decodes, percent-encodes) a destination before this check.
md.validateLink = (url: string) => /^(https?:\/\/|mailto:)/i.test(url);

// Links keep only their address (no title) and tell search engines not to follow them. No user
// text ends up inside a tag, except the escaped, checked href.
md.renderer.rules.link_open = (tokens, index, options, _env, self) => {
	const token = tokens[index];
	token.attrs = (token.attrs ?? []).filter(([name]) => name === 'href' || name === 'class');
	token.attrSet('rel', 'nofollow ugc noopener');
	return self.renderToken(tokens, index, options);
};
// Code blocks without the fence's language class (its info string is user text).
md.renderer.rules.fence = (tokens, index) => `<pre><code>${md.utils.escapeHtml(tokens[index].content)}</code></pre>\n`;

/** A person a text mentions, as `@Display Name` or `@local-part` of their address. */
export interface Mention {
	id: string;
	/** The name the link shows. */
	name: string;
}
/** Mention texts (lower case, without the @) → the person; built by the comments feature. */
export type MentionMap = Map<string, Mention>;

const WORD = /[\p{L}\p{N}_]/u;

/** `@name` → a link to the person, when the text after @ is one of the known mentions. */
md.inline.ruler.before('emphasis', 'mention', (state, silent) => {
	if (state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
	const mentions = (state.env as { mentions?: MentionMap }).mentions;
	if (!mentions?.size) return false;
	const before = state.pos > 0 ? state.src[state.pos - 1] : ' ';
	if (WORD.test(before) || before === '.' || before === '@') return false;
	const rest = state.src.slice(state.pos + 1, state.pos + 1 + 200).toLowerCase();
	let best: { length: number; mention: Mention } | undefined;
	for (const [text, mention] of mentions) {
		if (!rest.startsWith(text) || (best && best.length >= text.length)) continue;
		const next = rest[text.length];
		if (next !== undefined && (WORD.test(next) || next === '@')) continue;
		best = { length: text.length, mention };
	}
	if (!best) return false;
	if (!silent) {
		(state.env as { mentioned?: Set<string> }).mentioned?.add(best.mention.id);
		const open = state.push('link_open', 'a', 1);
		open.attrs = [
			['href', `/users/${encodeURIComponent(best.mention.id)}`],
			['class', 'mention']
		];
		const text = state.push('text', '', 0);
		text.content = '@' + state.src.slice(state.pos + 1, state.pos + 1 + best.length);
		state.push('link_close', 'a', -1);
	}
	state.pos += 1 + best.length;
	return true;
});

// Tokens this renderer can produce: anything else would mean a rule slipped through.
const allowedTags = new Set(['p', 'br', 'em', 'strong', 's', 'a', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'hr']);

/** Renders user Markdown to HTML that cannot run script. */
/** Escapes text for HTML (element content and double-quoted attributes). */
export const escapeHtml = (text: string): string => md.utils.escapeHtml(text);

export function renderMarkdown(source: string, mentions?: MentionMap): string {
	const env = { mentions };
	const tokens = md.parse(source, env);
	for (const token of walk(tokens))
		if (token.tag && !allowedTags.has(token.tag)) throw new Error(`markdown: unexpected <${token.tag}>`);
	return md.renderer.render(tokens, md.options, env);
}

/** The people a text really mentions (longest match at each @, not inside code), in order. */
export function mentionedIds(source: string, mentions: MentionMap): string[] {
	if (!mentions.size) return [];
	const env = { mentions, mentioned: new Set<string>() };
	md.parse(source, env);
	return [...env.mentioned];
}

function* walk(tokens: ReturnType<typeof md.parse>): Generator<ReturnType<typeof md.parse>[number]> {
	for (const token of tokens) {
		yield token;
		if (token.children) yield* walk(token.children);
	}
}

/** The mention texts a body might contain: each `@` followed by one to four words, lower case. */
export function mentionCandidates(source: string): string[] {
	const found = new Set<string>();
	for (const match of source.matchAll(/(?:^|[^\p{L}\p{N}_.@])@([\p{L}\p{N}_][\p{L}\p{N}_'’.-]*(?:[ \u00a0][\p{L}\p{N}_][\p{L}\p{N}_'’.-]*){0,3})/gu)) {
		const words = match[1].split(/[ \u00a0]/);
		for (let count = 1; count <= words.length; count++) {
			const text = words.slice(0, count).join(' ').toLowerCase();
			found.add(text);
			found.add(text.replace(/[.'’_-]+$/u, ''));
		}
	}
	found.delete('');
	return [...found];
}
