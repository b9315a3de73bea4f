/**
 * A webhook receiver on a free local port: records every request and answers with the statuses
 * it is told (then 200), verifying each signature with the Standard Webhooks algorithm written
 * out here independently of Parvis's own code.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
	id: string;
	timestamp: string;
	signature: string;
	body: string;
	/** What the receiver answered. */
	status: number;
	/** The signature matched the secret, over `id.timestamp.body`. */
	verified: boolean;
	payload: { type: string; timestamp: string; data: Record<string, any> };
}

/** The specification's verification: base64 HMAC-SHA256 with the base64-decoded part of `whsec_…`. */
export function standardWebhookSignature(secret: string, id: string, timestamp: string, body: string) {
	const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
	return 'v1,' + createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}

export function signatureMatches(secret: string, id: string, timestamp: string, body: string, header: string) {
	const expected = Buffer.from(standardWebhookSignature(secret, id, timestamp, body));
	return header.split(' ').some((candidate) => {
		const given = Buffer.from(candidate);
		return given.length === expected.length && timingSafeEqual(given, expected);
	});
}

export interface WebhookReceiver {
	url: string;
	received: ReceivedWebhook[];
	/** Statuses to answer next, in order; 200 once they run out. */
	answers: number[];
	secret: string;
	/** While true, requests are read but never answered (a receiver hanging): recorded in `held`, not in `received`. */
	hold: boolean;
	/** The `webhook-id` of each request held without an answer. */
	held: string[];
	close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
	const receiver: WebhookReceiver = { url: '', received: [], answers: [], secret: '', hold: false, held: [], close: async () => {} };
	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const header = (name: string) => String(request.headers[name] ?? '');
			if (receiver.hold) {
				receiver.held.push(header('webhook-id'));
				return;
			}
			const status = receiver.answers.shift() ?? 200;
			receiver.received.push({
				id: header('webhook-id'),
				timestamp: header('webhook-timestamp'),
				signature: header('webhook-signature'),
				body,
				status,
				verified: signatureMatches(receiver.secret, header('webhook-id'), header('webhook-timestamp'), body, header('webhook-signature')),
				payload: JSON.parse(body)
			});
			response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/parvis`;
	receiver.close = () =>
		new Promise((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return receiver;
}
