import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { WebSocketServer, type WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { authenticateApiToken } from '#lib/features/accounts/server/api-tokens.js';
import { documentAccess, findDocument, onAccessChange, takeAutomaticSnapshots } from '#lib/features/documents/server/documents.js';
import {
	appendUpdates,
	compactDocument,
	DOCUMENT_CHANNEL,
	documentsToCompact,
	loadState,
	onLocalChange,
	parseChange,
	updatesBetween,
	type DocumentChange
} from '#lib/features/documents/server/state.js';
import { loadActor } from '#lib/features/organisations/server/organisations.js';
import { isUuid } from '#lib/server/api/validation.js';
import { can, type Actor } from '#lib/server/auth/policy.js';
import { onSessionsEnded, SESSION_COOKIE, validateSessionToken } from '#lib/server/auth/sessions.js';
import type { Db } from '#lib/server/db/client.js';

/**
 * The collaboration server: the y-websocket protocol (sync + awareness) at `/collab/<documentId>`,
 * on the portal's own port.
 *
 * - Authentication at the HTTP upgrade, from the session cookie (browsers) or a bearer API token
 *   (integrations); 401 / 403 are written on the raw socket before any WebSocket exists, so no
 *   document byte reaches someone not allowed to read it. Cross-origin browser upgrades get 403.
 * - Readers (and commenters) get a read-only connection: their sync updates are dropped.
 * - Durability: an update is appended to the database, committed, and only then applied to the
 *   shared document and broadcast. Whatever a peer (or the author, through the echo) has received
 *   is on disk; an update in flight when the process dies was never acknowledged, and the client
 *   re-sends it in its sync step 2 when it reconnects.
 * - Updates and awareness are batched per event-loop turn: one database transaction and one
 *   message per connection for everything that arrived in the turn.
 * - Several processes relay through PostgreSQL LISTEN/NOTIFY: a notification carries the ids of
 *   the committed rows, which the others read and apply. Presence (awareness) travels in the
 *   notification itself, never stored; a process opening a document asks the others who is there.
 * - A document without connections is unloaded after `idleUnloadMs`; the log is compacted into
 *   the snapshot in the background, and automatic versions are taken.
 */

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

const AWARENESS_CHANNEL = 'parvis_awareness';
/** Base64 characters of one awareness NOTIFY payload (PostgreSQL's limit is 8000 bytes in all). */
const MAX_AWARENESS_PAYLOAD = 7000;

/** An awareness update of a document (`u`, base64), or a query for the states others hold (`q`). */
interface AwarenessMessage {
	d: string;
	o: string;
	u?: string;
	q?: 1;
}

function parseAwarenessMessage(payload: string): AwarenessMessage | null {
	try {
		const message = JSON.parse(payload);
		if (typeof message?.d !== 'string' || typeof message.o !== 'string') return null;
		if (message.u !== undefined && typeof message.u !== 'string') return null;
		return message;
	} catch {
		return null;
	}
}

export interface CollabOptions {
	db: Db;
	/** PostgreSQL URL: enables the cross-process relay (PGlite is single-process). */
	databaseUrl?: string;
	/** Largest WebSocket message accepted (bytes); bigger ones close the connection (1009). */
	maxMessageBytes?: number;
	/** Upgrades being authenticated at once; more get 503. */
	maxPendingUpgrades?: number;
	/** How long authentication may take before the socket is dropped. */
	authTimeoutMs?: number;
	idleUnloadMs?: number;
	compactEveryMs?: number;
	/** Rows in a document's log that trigger compaction. */
	compactThreshold?: number;
	/** At most one automatic version per document per this interval. */
	snapshotEveryMs?: number;
	now?: () => Date;
}

interface Connection extends Credentials {
	ws: WebSocket;
	readOnly: boolean;
	/** Awareness client ids this connection controls (removed when it closes). */
	clients: Set<number>;
}

interface Credentials {
	actor: Actor;
	userId: string;
	/** The session the upgrade was authenticated with (none for an API token). */
	sessionId?: string;
}

interface SharedDoc {
	id: string;
	doc: Y.Doc;
	awareness: awarenessProtocol.Awareness;
	connections: Set<Connection>;
	/** Updates received this turn, waiting to be persisted. */
	incoming: { data: Uint8Array; userId: string }[];
	/** Persisted or relayed updates waiting to be broadcast this turn. */
	outgoing: Uint8Array[];
	changedClients: Set<number>;
	/** Awareness clients of this process's connections (others are relayed from other processes). */
	localClients: Set<number>;
	/** Local awareness changes to tell the other processes this turn. */
	relayClients: Set<number>;
	/** Serialises writes so updates are persisted (and applied) in arrival order. */
	writing: Promise<void>;
	flushScheduled: boolean;
	unloadTimer?: NodeJS.Timeout;
}

export interface CollabServer {
	upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** Open documents and connections (for health and benchmarks). */
	stats(): { documents: number; connections: number };
	shutdown(): Promise<void>;
}

function rejectUpgrade(socket: Duplex, status: 401 | 403 | 404 | 413 | 503) {
	const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 413: 'Payload Too Large', 503: 'Service Unavailable' }[status];
	socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}

function readCookie(header: string | undefined, name: string) {
	for (const part of (header ?? '').split(';')) {
		const [key, ...rest] = part.trim().split('=');
		if (key === name) return decodeURIComponent(rest.join('='));
	}
	return undefined;
}

/** A browser sends Origin: it must be this host (cross-site WebSocket hijacking). Other clients send none. */
function sameOrigin(request: IncomingMessage) {
	const origin = request.headers.origin;
	if (!origin) return true;
	try {
		const host = request.headers['x-forwarded-host'] ?? request.headers.host;
		return new URL(origin).host === String(host).split(',')[0].trim();
	} catch {
		return false;
	}
}

export function startCollab(options: CollabOptions): CollabServer {
	const { db } = options;
	const processId = randomUUID();
	const maxPending = options.maxPendingUpgrades ?? 500;
	const idleUnloadMs = options.idleUnloadMs ?? 30_000;
	const now = options.now ?? (() => new Date());
	const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? 2 * 1024 * 1024, perMessageDeflate: false });
	const docs = new Map<string, SharedDoc>();
	const loading = new Map<string, Promise<SharedDoc | null>>();
	let pending = 0;
	let stopping = false;
	/** Several processes may serve a document: relay through PostgreSQL (PGlite is single-process). */
	const relaying = Boolean(options.databaseUrl);

	async function authenticate(request: IncomingMessage): Promise<Credentials | null> {
		const authorization = request.headers.authorization;
		let user: { id: string; isPlatformAdmin: boolean; blockedAt: Date | null } | undefined | null;
		let sessionId: string | undefined;
		if (authorization?.toLowerCase().startsWith('bearer ')) user = await authenticateApiToken(db, authorization.slice(7).trim());
		else {
			const token = readCookie(request.headers.cookie, SESSION_COOKIE);
			const validated = token ? await validateSessionToken(db, token) : null;
			user = validated?.user;
			sessionId = validated?.session.id;
		}
		if (!user || user.blockedAt) return null;
		return { actor: await loadActor(db, user), userId: user.id, sessionId };
	}

	async function load(id: string): Promise<SharedDoc | null> {
		const existing = docs.get(id);
		if (existing) return existing;
		let promise = loading.get(id);
		if (!promise) {
			promise = (async () => {
				const stored = await loadState(db, id);
				if (!stored) return null;
				const doc = new Y.Doc({ gc: true });
				Y.applyUpdate(doc, stored.state);
				const awareness = new awarenessProtocol.Awareness(doc);
				awareness.setLocalState(null);
				const shared: SharedDoc = {
					id,
					doc,
					awareness,
					connections: new Set(),
					incoming: [],
					outgoing: [],
					changedClients: new Set(),
					localClients: new Set(),
					relayClients: new Set(),
					writing: Promise.resolve(),
					flushScheduled: false
				};
				doc.on('update', (update: Uint8Array) => {
					shared.outgoing.push(update);
					scheduleFlush(shared);
				});
				awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
					const changed = [...added, ...updated, ...removed];
					const connection = origin as Connection | undefined;
					if (connection && shared.connections.has(connection)) {
						for (const client of added) connection.clients.add(client);
						for (const client of removed) connection.clients.delete(client);
						for (const client of [...added, ...updated]) shared.localClients.add(client);
					}
					for (const client of changed) {
						shared.changedClients.add(client);
						if (relaying && origin !== 'relay' && shared.localClients.has(client)) shared.relayClients.add(client);
					}
					for (const client of removed) shared.localClients.delete(client);
					scheduleFlush(shared);
				});
				docs.set(id, shared);
				// Ask the other processes who is present there (they answer with their own connections' states).
				if (relaying) publishAwareness({ d: id, o: processId, q: 1 });
				return shared;
			})().finally(() => loading.delete(id));
			loading.set(id, promise);
		}
		return promise;
	}

	function scheduleFlush(shared: SharedDoc) {
		if (shared.flushScheduled) return;
		shared.flushScheduled = true;
		setImmediate(() => flush(shared));
	}

	function send(connection: Connection, message: Uint8Array) {
		if (connection.ws.readyState !== connection.ws.OPEN) return;
		connection.ws.send(message, (error) => error && connection.ws.terminate());
	}

	/** Once per turn: persist what arrived, then broadcast what was persisted and who moved. */
	function flush(shared: SharedDoc) {
		shared.flushScheduled = false;
		if (shared.incoming.length) {
			const batch = shared.incoming;
			shared.incoming = [];
			shared.writing = shared.writing.then(async () => {
				try {
					await appendUpdates(db, shared.id, batch, processId);
				} catch (error) {
					// Not persisted, so not acknowledged: the authors' clients still hold these edits
					// and send them again on reconnection.
					console.error('[parvis] collab: could not persist an update', error);
					for (const connection of shared.connections) if (batch.some((u) => u.userId === connection.userId)) connection.ws.close(1011, 'persistence failed');
					return;
				}
				Y.transact(shared.doc, () => {
					for (const update of batch) Y.applyUpdate(shared.doc, update.data, 'client');
				});
			});
		}
		if (shared.outgoing.length) {
			const update = shared.outgoing.length === 1 ? shared.outgoing[0] : Y.mergeUpdates(shared.outgoing);
			shared.outgoing = [];
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeUpdate(encoder, update);
			const message = encoding.toUint8Array(encoder);
			for (const connection of shared.connections) send(connection, message);
		}
		if (shared.relayClients.size) {
			const clients = [...shared.relayClients];
			shared.relayClients.clear();
			relayAwareness(shared, clients);
		}
		if (shared.changedClients.size) {
			const changed = [...shared.changedClients];
			shared.changedClients.clear();
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
			encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(shared.awareness, changed));
			const message = encoding.toUint8Array(encoder);
			for (const connection of shared.connections) send(connection, message);
		}
	}

	function onMessage(shared: SharedDoc, connection: Connection, data: Uint8Array) {
		try {
			const decoder = decoding.createDecoder(data);
			const type = decoding.readVarUint(decoder);
			if (type === MESSAGE_SYNC) {
				const syncType = decoding.readVarUint(decoder);
				if (syncType === syncProtocol.messageYjsSyncStep1) {
					const encoder = encoding.createEncoder();
					encoding.writeVarUint(encoder, MESSAGE_SYNC);
					syncProtocol.writeSyncStep2(encoder, shared.doc, decoding.readVarUint8Array(decoder));
					send(connection, encoding.toUint8Array(encoder));
				} else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
					const update = decoding.readVarUint8Array(decoder);
					if (connection.readOnly) return;
					// Refuse what does not decode before it reaches the log.
					Y.decodeUpdate(update);
					if (!hasNewContent(shared.doc, update)) return;
					shared.incoming.push({ data: update, userId: connection.userId });
					scheduleFlush(shared);
				} else throw new Error('unknown sync message');
			} else if (type === MESSAGE_AWARENESS) {
				awarenessProtocol.applyAwarenessUpdate(shared.awareness, decoding.readVarUint8Array(decoder), connection);
			} else if (type === MESSAGE_QUERY_AWARENESS) {
				sendAwareness(shared, connection);
			}
		} catch {
			connection.ws.close(1003, 'invalid message');
		}
	}

	function sendAwareness(shared: SharedDoc, connection: Connection) {
		const states = shared.awareness.getStates();
		if (!states.size) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(shared.awareness, [...states.keys()]));
		send(connection, encoding.toUint8Array(encoder));
	}

	function connect(shared: SharedDoc, ws: WebSocket, auth: Credentials, readOnly: boolean) {
		clearTimeout(shared.unloadTimer);
		const connection: Connection = { ws, ...auth, readOnly, clients: new Set() };
		shared.connections.add(connection);
		ws.binaryType = 'nodebuffer';
		ws.on('message', (data: Buffer) => onMessage(shared, connection, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
		ws.on('close', () => disconnect(shared, connection));
		ws.on('error', () => ws.terminate());
		// Sync step 1 (what the server has), then everyone present.
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(encoder, shared.doc);
		send(connection, encoding.toUint8Array(encoder));
		sendAwareness(shared, connection);
	}

	function disconnect(shared: SharedDoc, connection: Connection) {
		if (!shared.connections.delete(connection)) return;
		awarenessProtocol.removeAwarenessStates(shared.awareness, [...connection.clients], null);
		if (shared.connections.size === 0 && !stopping) {
			shared.unloadTimer = setTimeout(() => unload(shared), idleUnloadMs);
			shared.unloadTimer.unref();
		}
	}

	async function unload(shared: SharedDoc) {
		await shared.writing;
		if (shared.connections.size || docs.get(shared.id) !== shared) return;
		docs.delete(shared.id);
		shared.awareness.destroy();
		shared.doc.destroy();
		await compactDocument(db, shared.id).catch((error) => console.error('[parvis] collab: compaction failed', error));
	}

	/** Updates committed elsewhere (another process, or a restore through the API in this one). */
	async function applyChange(change: DocumentChange) {
		const shared = docs.get(change.documentId);
		if (!shared || change.origin === processId) return;
		const rows = await updatesBetween(db, change.documentId, change.firstId, change.lastId);
		if (rows.length < change.lastId - change.firstId + 1) {
			// Folded into the snapshot meanwhile: the whole state covers them.
			const stored = await loadState(db, change.documentId);
			if (stored) Y.applyUpdate(shared.doc, stored.state, 'relay');
			return;
		}
		Y.transact(shared.doc, () => {
			for (const row of rows) Y.applyUpdate(shared.doc, row.data, 'relay');
		});
	}

	/**
	 * Awareness is ephemeral: other processes hear of it through NOTIFY payloads, never stored.
	 * A payload is limited to 8000 bytes: a large batch is split per client, and a single state
	 * larger than that (never seen in practice: a name, a colour and a cursor) is not relayed.
	 */
	function publishAwareness(message: AwarenessMessage) {
		void db.execute(sql`select pg_notify(${AWARENESS_CHANNEL}, ${JSON.stringify(message)})`).catch((error) => {
			if (!stopping) console.error('[parvis] collab: awareness relay failed', error);
		});
	}

	function relayAwareness(shared: SharedDoc, clients: number[]) {
		const encode = (ids: number[]) => Buffer.from(awarenessProtocol.encodeAwarenessUpdate(shared.awareness, ids)).toString('base64');
		const all = encode(clients);
		const parts = all.length <= MAX_AWARENESS_PAYLOAD ? [all] : clients.map((client) => encode([client])).filter((part) => part.length <= MAX_AWARENESS_PAYLOAD);
		for (const part of parts) publishAwareness({ d: shared.id, o: processId, u: part });
	}

	function onRelayedAwareness(payload: string) {
		const message = parseAwarenessMessage(payload);
		if (!message || message.o === processId) return;
		const shared = docs.get(message.d);
		if (!shared) return;
		if (message.q) {
			const present = [...shared.localClients].filter((client) => shared.awareness.getStates().has(client));
			if (present.length) relayAwareness(shared, present);
		} else if (message.u) awarenessProtocol.applyAwarenessUpdate(shared.awareness, Buffer.from(message.u, 'base64'), 'relay');
	}

	/** Re-checks the connections of a document after a role or visibility change: closes or downgrades. */
	async function recheck(documentId: string, userId: string | null) {
		const shared = docs.get(documentId);
		if (!shared) return;
		const document = await findDocument(db, documentId);
		for (const connection of shared.connections) {
			if (userId && connection.userId !== userId) continue;
			const access = document ? await documentAccess(db, document, connection.actor) : null;
			if (!access || !can(connection.actor, 'document.read', access.resource)) connection.ws.close(4403, 'access revoked');
			else connection.readOnly = !can(connection.actor, 'document.edit', access.resource);
		}
	}

	const stopLocal = onLocalChange((change) => void applyChange(change).catch((error) => console.error('[parvis] collab: relay failed', error)));
	const stopAccess = onAccessChange((documentId, userId) => void recheck(documentId, userId).catch(() => {}));
	// Logout closes the sockets of that session; a block, a password reset or "log out everywhere" all of the person's.
	const stopSessions = onSessionsEnded((ended) => {
		for (const shared of docs.values())
			for (const connection of shared.connections)
				if ('sessionId' in ended ? connection.sessionId === ended.sessionId : connection.userId === ended.userId) connection.ws.close(4401, 'session ended');
	});

	// Cross-process relay (PostgreSQL only).
	let listener: postgres.Sql | undefined;
	if (options.databaseUrl) {
		listener = postgres(options.databaseUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'parvis-collab' } });
		let listening = false;
		void listener
			.listen(
				DOCUMENT_CHANNEL,
				(payload) => {
					const change = parseChange(payload);
					if (change) void applyChange(change).catch((error) => console.error('[parvis] collab: relay failed', error));
				},
				async () => {
					// (Re)connected: notifications may have been missed meanwhile, so catch up in full.
					if (listening)
						for (const shared of docs.values()) {
							const stored = await loadState(db, shared.id);
							if (stored) Y.applyUpdate(shared.doc, stored.state, 'relay');
						}
					listening = true;
				}
			)
			.catch((error) => console.error('[parvis] collab: LISTEN failed, no cross-process relay', error));
		void listener
			.listen(AWARENESS_CHANNEL, onRelayedAwareness)
			.catch((error) => console.error('[parvis] collab: LISTEN failed, no cross-process presence', error));
	}

	// Background work: compaction and automatic versions.
	const compactTimer = setInterval(async () => {
		try {
			for (const id of await documentsToCompact(db, options.compactThreshold ?? 200)) await compactDocument(db, id);
			await takeAutomaticSnapshots(db, now(), options.snapshotEveryMs ?? 10 * 60_000);
		} catch (error) {
			if (!stopping) console.error('[parvis] collab: background work failed', error);
		}
	}, Math.min(options.compactEveryMs ?? 30_000, options.snapshotEveryMs ?? Infinity));
	compactTimer.unref();

	return {
		upgrade(request, socket, head) {
			const url = new URL(request.url ?? '/', 'http://localhost');
			const match = /^\/collab\/([^/]+)$/.exec(url.pathname);
			if (!match) return rejectUpgrade(socket, 404);
			if (stopping || pending >= maxPending) return rejectUpgrade(socket, 503);
			// A client sends nothing before the handshake completes: early bytes are not buffered.
			if (head.length > 0) return rejectUpgrade(socket, 413);
			const documentId = decodeURIComponent(match[1]);
			pending++;
			socket.on('error', () => socket.destroy());
			const timeout = setTimeout(() => socket.destroy(), options.authTimeoutMs ?? 10_000);
			void (async () => {
				try {
					if (!sameOrigin(request)) return rejectUpgrade(socket, 403);
					const auth = await authenticate(request);
					if (!auth) return rejectUpgrade(socket, 401);
					// A missing document and a forbidden one look the same: existence is not disclosed.
					const document = isUuid(documentId) ? await findDocument(db, documentId) : undefined;
					if (!document) return rejectUpgrade(socket, 403);
					const access = await documentAccess(db, document, auth.actor);
					if (!can(auth.actor, 'document.read', access.resource)) return rejectUpgrade(socket, 403);
					const shared = await load(document.id);
					if (!shared || socket.destroyed) return rejectUpgrade(socket, 403);
					clearTimeout(timeout);
					wss.handleUpgrade(request, socket, head, (ws) => connect(shared, ws, auth, !can(auth.actor, 'document.edit', access.resource)));
				} catch (error) {
					console.error('[parvis] collab: upgrade failed', error);
					rejectUpgrade(socket, 503);
				} finally {
					clearTimeout(timeout);
					pending--;
				}
			})();
		},
		stats() {
			let connections = 0;
			for (const shared of docs.values()) connections += shared.connections.size;
			return { documents: docs.size, connections };
		},
		async shutdown() {
			stopping = true;
			clearInterval(compactTimer);
			stopLocal();
			stopAccess();
			stopSessions();
			for (const shared of docs.values()) {
				// Let the turn's updates reach the database first, then close (clients reconnect elsewhere).
				flush(shared);
				await shared.writing;
				for (const connection of shared.connections) connection.ws.close(1012, 'server restarting');
				clearTimeout(shared.unloadTimer);
			}
			await Promise.all([...docs.values()].map((shared) => compactDocument(db, shared.id).catch(() => 0)));
			docs.clear();
			await listener?.end({ timeout: 2 });
			wss.close();
		}
	};
}

/** True when the update carries something the document lacks (a re-sent known state is not logged again). */
function hasNewContent(doc: Y.Doc, update: Uint8Array) {
	const have = Y.encodeStateVector(doc);
	const diff = Y.diffUpdate(update, have);
	const decoded = Y.decodeUpdate(diff);
	return decoded.structs.length > 0 || decoded.ds.clients.size > 0;
}
