/**
 * Real `y-websocket` clients for the collaboration server, as an integration would run them in
 * Node: the stock WebsocketProvider over `ws`, with the session cookie (or a bearer token) on
 * the upgrade request.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SESSION_COOKIE } from '#lib/server/auth/sessions.js';
import { FRAGMENT, yDocToJson } from '#lib/features/documents/server/content.js';
import { plainText } from '#lib/features/documents/server/content.js';

export interface CollabClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** The document's plain text as this client sees it. */
	text(): string;
	/** Appends text to the first paragraph (creating it if needed). */
	type(text: string): void;
	close(): void;
}

export function collabUrl(server: { readonly url: string }) {
	return server.url.replace(/^http/, 'ws') + '/collab';
}

export function connectCollab(
	server: { readonly url: string },
	documentId: string,
	credentials: { sessionToken?: string; apiToken?: string },
	options: { url?: () => string } = {}
): CollabClient {
	const headers: Record<string, string> = {};
	if (credentials.sessionToken) headers.cookie = `${SESSION_COOKIE}=${credentials.sessionToken}`;
	if (credentials.apiToken) headers.authorization = `Bearer ${credentials.apiToken}`;
	class AuthenticatedWebSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(options.url?.() ?? collabUrl(server), documentId, doc, {
		WebSocketPolyfill: AuthenticatedWebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 300
	});
	return {
		doc,
		provider,
		text: () => plainText(yDocToJson(doc)),
		type(text: string) {
			const fragment = doc.getXmlFragment(FRAGMENT);
			doc.transact(() => {
				let paragraph = fragment.get(0) as Y.XmlElement | undefined;
				if (!paragraph) {
					paragraph = new Y.XmlElement('paragraph');
					fragment.insert(0, [paragraph]);
				}
				let node = paragraph.get(0) as Y.XmlText | undefined;
				if (!node) {
					node = new Y.XmlText();
					paragraph.insert(0, [node]);
				}
				node.insert(node.length, text);
			});
		},
		close() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** Opens a raw WebSocket and reports how the upgrade ended: the HTTP status, or `open`, and any bytes received. */
export function tryUpgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number | 'open'; received: number }> {
	return new Promise((resolve) => {
		const ws = new WebSocket(url, { headers });
		let received = 0;
		ws.on('message', (data: Buffer) => (received += data.length));
		ws.on('unexpected-response', (_request, response) => {
			response.on('data', () => {});
			resolve({ status: response.statusCode ?? 0, received });
			ws.terminate();
		});
		ws.on('open', () => setTimeout(() => (ws.close(), resolve({ status: 'open', received })), 200));
		ws.on('error', () => {});
	});
}
