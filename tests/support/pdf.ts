/**
 * The text of a PDF as a reader or a search engine extracts it: content streams inflated, each
 * font's glyph codes mapped to Unicode through its ToUnicode CMap. Enough for the files Parvis
 * writes (pdfkit: Type0 fonts, Identity-H, FlateDecode); one line per text block.
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
	dict: string;
	stream?: Buffer;
}

function objects(bytes: Uint8Array) {
	const text = Buffer.from(bytes).toString('latin1');
	const found = new Map<number, PdfObject>();
	for (const match of text.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
		const body = match[2];
		const streamAt = body.search(/stream\r?\n/);
		if (streamAt < 0) {
			found.set(Number(match[1]), { dict: body });
			continue;
		}
		const start = body.indexOf('\n', streamAt) + 1;
		const end = body.lastIndexOf('endstream');
		const raw = Buffer.from(body.slice(start, end).replace(/\r?\n$/, ''), 'latin1');
		const dict = body.slice(0, streamAt);
		found.set(Number(match[1]), { dict, stream: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
	}
	return found;
}

const hexCodes = (hex: string) => (hex.match(/[0-9a-fA-F]{4}/g) ?? []).map((h) => parseInt(h, 16));
const utf16 = (hex: string) => String.fromCharCode(...hexCodes(hex));

/** Glyph code → text, from a ToUnicode CMap (bfchar, bfrange with a start or an array). */
function parseCMap(cmap: string) {
	const map = new Map<number, string>();
	for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
		for (const [, code, target] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(code, 16), utf16(target));
	for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
		for (const [, low, high, array, start] of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:\[([^\]]*)\]|<([0-9a-fA-F]+)>)/g)) {
			const from = parseInt(low, 16);
			const to = parseInt(high, 16);
			const targets = array ? [...array.matchAll(/<([0-9a-fA-F]+)>/g)].map((m) => utf16(m[1])) : undefined;
			for (let code = from; code <= to; code++) map.set(code, targets ? (targets[code - from] ?? '') : String.fromCharCode(parseInt(start!, 16) + code - from));
		}
	return map;
}

export function pdfText(bytes: Uint8Array): string {
	const all = objects(bytes);
	const cmaps = new Map<string, Map<number, string>>();
	// Font resource names (/F1 …) → the font object's ToUnicode map.
	for (const { dict } of all.values())
		for (const [, name, ref] of dict.matchAll(/\/(F\d+)\s+(\d+) 0 R/g)) {
			const font = all.get(Number(ref));
			const toUnicode = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict);
			const cmap = toUnicode && all.get(Number(toUnicode[1]))?.stream;
			if (cmap) cmaps.set(name, parseCMap(cmap.toString('latin1')));
		}
	const lines: string[] = [];
	for (const { dict, stream } of all.values()) {
		if (!stream || /\/Length1|\/Subtype|\/Type/.test(dict)) continue;
		const content = stream.toString('latin1');
		if (!/\bBT\b/.test(content)) continue;
		let font: Map<number, string> | undefined;
		for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
			let line = '';
			for (const op of block[1].matchAll(/\/(F\d+)\s+[\d.]+\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
				if (op[1]) font = cmaps.get(op[1]);
				else for (const hex of op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]) : [op[3]]) line += hexCodes(hex).map((code) => font?.get(code) ?? '').join('');
			}
			lines.push(line);
		}
	}
	return lines.join('\n');
}
