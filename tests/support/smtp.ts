/**
 * A real SMTP server inside the test process: start the Parvis server with `SMTP_URL: mailbox.url`
 * and read what it delivers. Plain SMTP on loopback, no STARTTLS and no AUTH offered, so
 * nodemailer's default `smtp://host:port` transport sends without any extra option.
 */
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
	from: string;
	to: string[];
	subject: string;
	text: string;
	/** http(s) links in the text, in order. */
	links: string[];
	/** The other parts of a multipart message (attachments, calendar invitations), decoded. */
	parts: MailPart[];
	raw: string;
}

export interface MailPart {
	contentType: string;
	filename: string | null;
	content: string;
}

export interface SmtpMailbox {
	/** smtp://127.0.0.1:<port>, for SMTP_URL. */
	url: string;
	messages: ReceivedMail[];
	/** Resolves with the first message (already received or yet to come) that matches. */
	waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
	close(): Promise<void>;
}

export async function startSmtpServer(): Promise<SmtpMailbox> {
	const messages: ReceivedMail[] = [];
	const arrivals = new EventEmitter();
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				const mail = parseMail(raw, {
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address)
				});
				messages.push(mail);
				arrivals.emit('mail', mail);
				callback();
			});
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.server.address() as AddressInfo;

	return {
		url: `smtp://127.0.0.1:${port}`,
		messages,
		waitFor(match, timeoutMs = 15_000) {
			const found = messages.find(match);
			if (found) return Promise.resolve(found);
			return new Promise((resolve, reject) => {
				const onMail = (mail: ReceivedMail) => {
					if (!match(mail)) return;
					clearTimeout(timer);
					arrivals.off('mail', onMail);
					resolve(mail);
				};
				const timer = setTimeout(() => {
					arrivals.off('mail', onMail);
					const seen = messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join('\n  ') || '(none)';
					reject(new Error(`No matching mail within ${timeoutMs / 1000} s. Received:\n  ${seen}`));
				}, timeoutMs);
				arrivals.on('mail', onMail);
			});
		},
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

function splitHead(raw: string) {
	const split = raw.indexOf('\r\n\r\n');
	const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
	const headers = new Map<string, string>();
	for (const line of head.split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
	}
	return { headers, body: raw.slice(split + 4) };
}

function decodeBody(headers: Map<string, string>, body: string) {
	const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
	return encoding === 'quoted-printable'
		? decodeQuotedPrintable(body)
		: encoding === 'base64'
			? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
			: body;
}

/** The leaf parts of a (possibly nested) multipart body, in order. */
function leafParts(headers: Map<string, string>, body: string): { headers: Map<string, string>; body: string }[] {
	const type = headers.get('content-type') ?? 'text/plain';
	const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
	if (!type.toLowerCase().startsWith('multipart/') || !boundary) return [{ headers, body }];
	return body
		.split(`--${boundary}`)
		.slice(1)
		.filter((chunk) => !chunk.startsWith('--'))
		.flatMap((chunk) => {
			const part = splitHead(chunk.replace(/^\r\n/, ''));
			return leafParts(part.headers, part.body.replace(/\r\n$/, ''));
		});
}

/**
 * Just enough MIME for what Parvis sends (nodemailer): unfolded headers, RFC 2047 encoded words,
 * quoted-printable or base64 bodies; for multipart messages, the first text/plain part is the
 * text and the other leaves are listed in `parts` (attachments, calendar invitations).
 */
export function parseMail(raw: string, envelope: { from: string; to: string[] }): ReceivedMail {
	const { headers, body } = splitHead(raw);
	const leaves = leafParts(headers, body);
	const textIndex = Math.max(0, leaves.findIndex((leaf) => (leaf.headers.get('content-type') ?? 'text/plain').toLowerCase().startsWith('text/plain')));
	const text = decodeBody(leaves[textIndex].headers, leaves[textIndex].body);
	const parts = leaves
		.filter((_, index) => index !== textIndex)
		.map((leaf) => ({
			contentType: leaf.headers.get('content-type') ?? 'text/plain',
			filename: /filename="?([^";]+)"?/i.exec(leaf.headers.get('content-disposition') ?? leaf.headers.get('content-type') ?? '')?.[1] ?? null,
			content: decodeBody(leaf.headers, leaf.body)
		}));
	return {
		...envelope,
		subject: decodeEncodedWords(headers.get('subject') ?? ''),
		text: text.replace(/\r\n/g, '\n'),
		links: [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]),
		parts,
		raw
	};
}

function decodeQuotedPrintable(body: string): string {
	const input = Buffer.from(body.replace(/=\r?\n/g, ''), 'utf8');
	const output: number[] = [];
	for (let i = 0; i < input.length; i++) {
		const hex = input.subarray(i + 1, i + 3).toString('latin1');
		if (input[i] === 0x3d && /^[0-9A-F]{2}$/i.test(hex)) {
			output.push(parseInt(hex, 16));
			i += 2;
		} else output.push(input[i]);
	}
	return Buffer.from(output).toString('utf8');
}

function decodeEncodedWords(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, data: string) =>
			kind.toUpperCase() === 'B'
				? Buffer.from(data, 'base64').toString('utf8')
				: decodeQuotedPrintable(data.replace(/_/g, ' '))
		);
}
