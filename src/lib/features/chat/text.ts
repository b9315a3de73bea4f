/**
 * Chat messages are shown as text with links, never as HTML: a message is cut into text and
 * link segments; links to the portal itself stay in the tab (the Parvis items people mention),
 * links elsewhere open as external, untrusted links.
 */
export type Segment = { text: string; href?: undefined } | { text: string; href: string; internal: boolean };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;
/** Portal paths people paste without the host: /spaces/…, /organisations/… */
const PATH_PATTERN = /(^|\s)(\/(?:spaces|organisations|users)\/[\w\-/#?=&.%]+[\w/#=])/g;

export function linkify(text: string, siteOrigin: string): Segment[] {
	const found: { start: number; end: number; href: string; internal: boolean; label: string }[] = [];
	for (const match of text.matchAll(URL_PATTERN)) {
		let internal = false;
		try {
			internal = new URL(match[0]).origin === siteOrigin;
		} catch {
			continue;
		}
		found.push({ start: match.index, end: match.index + match[0].length, href: match[0], internal, label: match[0] });
	}
	for (const match of text.matchAll(PATH_PATTERN)) {
		const start = match.index + match[1].length;
		if (found.some((f) => start >= f.start && start < f.end)) continue;
		found.push({ start, end: start + match[2].length, href: match[2], internal: true, label: match[2] });
	}
	found.sort((a, b) => a.start - b.start);
	const segments: Segment[] = [];
	let at = 0;
	for (const link of found) {
		if (link.start > at) segments.push({ text: text.slice(at, link.start) });
		segments.push({ text: link.label, href: link.internal ? toPath(link.href, siteOrigin) : link.href, internal: link.internal });
		at = link.end;
	}
	if (at < text.length) segments.push({ text: text.slice(at) });
	return segments;
}

function toPath(href: string, siteOrigin: string) {
	if (href.startsWith('/')) return href;
	const url = new URL(href);
	return url.origin === siteOrigin ? `${url.pathname}${url.search}${url.hash}` : href;
}

/** The body of a reply without the fallback quote (`> <@user> …` lines) older clients prepend. */
export function stripReplyFallback(body: string) {
	const lines = body.split('\n');
	let index = 0;
	while (index < lines.length && lines[index].startsWith('> ')) index++;
	if (index > 0 && lines[index] === '') index++;
	return index > 0 ? lines.slice(index).join('\n') : body;
}
