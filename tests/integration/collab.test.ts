/**
 * The collaboration server through real `y-websocket` clients against the production server:
 * convergence, read-only readers, refused strangers, size caps, SIGKILL + restart,
 * and (PostgreSQL) two processes on one database relaying edits through LISTEN/NOTIFY.
 */
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDocument, currentContent, setMemberRole } from '#lib/features/documents/server/documents.js';
import { plainText } from '#lib/features/documents/server/content.js';
import { SESSION_COOKIE } from '#lib/server/auth/sessions.js';
import type { Db } from '#lib/server/db/client.js';
import { collabUrl, connectCollab, tryUpgrade, type CollabClient } from '../support/collab.js';
import { seedCommunity, type Person } from '../support/community.js';
import { testEngine } from '../support/engines.js';
import { openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

type Signed = Person & SignedIn;
interface World {
	documentId: string;
	privateDocumentId: string;
	owner: Signed;
	editor: Signed;
	reader: Signed;
	stranger: Signed;
}

async function prepareWorld(db: Db): Promise<World> {
	const community = await seedCommunity(db, { citizens: 3 });
	const [owner, editor, reader, stranger] = await openSessions(db, [community.people.author, ...community.people.citizens]);
	const document = await createDocument(db, { spaceId: community.space.id, title: 'Compte rendu du conseil', createdBy: owner.id, visibility: 'restricted' });
	await setMemberRole(db, document.id, editor.id, 'editor');
	await setMemberRole(db, document.id, reader.id, 'reader');
	const privateDocument = await createDocument(db, { spaceId: community.privateSpace.id, title: 'Note interne', createdBy: owner.id, visibility: 'space' });
	return { documentId: document.id, privateDocumentId: privateDocument.id, owner, editor, reader, stranger };
}

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

const clients: CollabClient[] = [];
function connect(server: { readonly url: string }, documentId: string, person: { sessionToken: string }, url?: () => string) {
	const client = connectCollab(server, documentId, { sessionToken: person.sessionToken }, { url });
	clients.push(client);
	return client;
}
afterEach(() => {
	for (const client of clients.splice(0)) client.close();
});

const synced = (client: CollabClient) =>
	waitUntil('the client to sync', async () => (client.provider.synced ? true : undefined));
const sees = (client: CollabClient, text: string) =>
	waitUntil(`the client to see “${text}” (it has “${client.text()}”)`, async () => (client.text().includes(text) ? true : undefined));

describe('collaboration server', () => {
	let server: TestServer;
	let world: World;

	beforeAll(async () => {
		let prepared: World | undefined;
		server = await startServer({ prepare: async (db) => void (prepared = await prepareWorld(db)) });
		world = prepared!;
	});
	afterAll(() => server?.dispose());

	it('makes two editors converge, each seeing the other’s words', async () => {
		const a = connect(server, world.documentId, world.owner);
		const b = connect(server, world.documentId, world.editor);
		await Promise.all([synced(a), synced(b)]);
		a.type('Ouverture de la séance. ');
		b.type('Présents : 23. ');
		await Promise.all([sees(a, 'Présents : 23.'), sees(b, 'Ouverture de la séance.')]);
		await waitUntil('both texts to be equal', async () => (a.text() === b.text() ? true : undefined));
		expect(a.text()).toMatch(/Ouverture de la séance\.|Présents : 23\./);
		expect(a.text().length).toBe('Ouverture de la séance. Présents : 23. '.length);
		// A late joiner gets the whole state from the server.
		const c = connect(server, world.documentId, world.reader);
		await sees(c, 'Présents : 23.');
		expect(c.text()).toBe(a.text());
	});

	it('refuses a reader’s edits but shows them everyone else’s', async () => {
		const reader = connect(server, world.documentId, world.reader);
		const editor = connect(server, world.documentId, world.editor);
		await Promise.all([synced(reader), synced(editor)]);
		reader.type('Texte pirate');
		// Messages of one connection are handled in order: once the editor sees the reader's
		// presence (sent after the edit), the edit has been refused, not queued.
		reader.provider.awareness.setLocalStateField('user', { name: 'Lecteur' });
		await waitUntil('the reader’s presence', async () =>
			[...editor.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Lecteur') ? true : undefined
		);
		editor.type('Approuvé.');
		await sees(reader, 'Approuvé.');
		const fresh = connect(server, world.documentId, world.owner);
		await sees(fresh, 'Approuvé.');
		expect(fresh.text()).not.toContain('pirate');
		expect(editor.text()).not.toContain('pirate');
	});

	it('answers 401 without a session and 403 to someone without access, before any document byte', async () => {
		const url = `${collabUrl(server)}/${world.documentId}`;
		expect(await tryUpgrade(url)).toEqual({ status: 401, received: 0 });
		expect(await tryUpgrade(url, { cookie: `${SESSION_COOKIE}=not-a-session` })).toEqual({ status: 401, received: 0 });
		expect(await tryUpgrade(url, { cookie: `${SESSION_COOKIE}=${world.stranger.sessionToken}` })).toEqual({ status: 403, received: 0 });
		// A document open to a private space: a signed-in outsider is refused too, like a missing one.
		expect(await tryUpgrade(`${collabUrl(server)}/${world.privateDocumentId}`, { cookie: `${SESSION_COOKIE}=${world.stranger.sessionToken}` })).toEqual({ status: 403, received: 0 });
		expect(await tryUpgrade(`${collabUrl(server)}/00000000-0000-4000-8000-000000000000`, { cookie: `${SESSION_COOKIE}=${world.owner.sessionToken}` })).toEqual({ status: 403, received: 0 });
		// A page of another site cannot open the socket with the person's cookie.
		expect(await tryUpgrade(url, { cookie: `${SESSION_COOKIE}=${world.owner.sessionToken}`, origin: 'https://evil.example' })).toEqual({ status: 403, received: 0 });
		const allowed = await tryUpgrade(url, { cookie: `${SESSION_COOKIE}=${world.owner.sessionToken}` });
		expect(allowed.status).toBe('open');
		expect(allowed.received).toBeGreaterThan(0);
	});

	it('closes a connection whose message exceeds the cap, and one sending garbage', async () => {
		const open = (): Promise<WebSocket> =>
			new Promise((resolve, reject) => {
				const ws = new WebSocket(`${collabUrl(server)}/${world.documentId}`, { headers: { cookie: `${SESSION_COOKIE}=${world.editor.sessionToken}` } });
				ws.on('open', () => resolve(ws));
				ws.on('error', reject);
			});
		const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
		const big = await open();
		const bigClosed = closed(big);
		big.send(new Uint8Array(3 * 1024 * 1024));
		expect(await bigClosed).toBe(1009);
		const garbage = await open();
		const garbageClosed = closed(garbage);
		garbage.send(Uint8Array.from([0, 2, 5, 1, 2]));
		expect(await garbageClosed).toBe(1003);
	});
});

describe('crash safety', () => {
	let server: TestServer;
	let world: World;
	let port: number;

	beforeAll(async () => {
		port = await freePort();
		let prepared: World | undefined;
		server = await startServer({ env: { PORT: String(port) }, prepare: async (db) => void (prepared = await prepareWorld(db)) });
		world = prepared!;
	});
	afterAll(() => server?.dispose());

	it('keeps every edit a peer received across SIGKILL, and the clients resync on their own', async () => {
		const writer = connect(server, world.documentId, world.editor);
		const watcher = connect(server, world.documentId, world.owner);
		await Promise.all([synced(writer), synced(watcher)]);
		const words = Array.from({ length: 40 }, (_, i) => `mot${i} `);
		let killed: Promise<void> | undefined;
		let seenAtKill = '';
		for (const [i, word] of words.entries()) {
			writer.type(word);
			if (i === 19) {
				await sees(watcher, 'mot19 ');
				seenAtKill = watcher.text();
				killed = server.kill();
			}
			await new Promise((resolve) => setImmediate(resolve));
		}
		await killed;
		// Everything the watcher had received was on disk before it was sent.
		await server.restart();
		expect(server.url).toBe(`http://127.0.0.1:${port}`);
		const fresh = connect(server, world.documentId, world.reader);
		await synced(fresh);
		expect(fresh.text().startsWith(seenAtKill)).toBe(true);
		// The writer reconnects by itself and sends what the server never acknowledged.
		await sees(fresh, 'mot39 ');
		await sees(watcher, 'mot39 ');
		expect(fresh.text()).toBe(words.join(''));
		expect(watcher.text()).toBe(words.join(''));
		// And it is durable: read straight from the database after a clean stop.
		for (const client of clients.splice(0)) client.close();
		await server.stop();
		const database = await server.openDatabase();
		try {
			expect(plainText(await currentContent(database.db, world.documentId))).toBe(words.join(''));
		} finally {
			await database.close();
		}
	});
});

describe('several processes', () => {
	if (testEngine() === 'pglite') {
		it('refuses a second process on the same embedded database (PGlite is single-process)', async () => {
			const first = await startServer();
			try {
				await expect(startServer({ env: first.databaseEnv })).rejects.toThrow(/in use|lock|exited/i);
			} finally {
				await first.dispose();
			}
		});
		return;
	}

	let first: TestServer;
	let second: TestServer;
	let world: World;
	beforeAll(async () => {
		let prepared: World | undefined;
		first = await startServer({ prepare: async (db) => void (prepared = await prepareWorld(db)) });
		world = prepared!;
		second = await startServer({ env: first.databaseEnv });
	});
	afterAll(async () => {
		await second?.dispose();
		await first?.dispose();
	});

	it('relays edits between two processes on one PostgreSQL database through LISTEN/NOTIFY', async () => {
		const a = connect(first, world.documentId, world.owner);
		const b = connect(second, world.documentId, world.editor);
		await Promise.all([synced(a), synced(b)]);
		a.type('Depuis le premier serveur. ');
		await sees(b, 'Depuis le premier serveur.');
		b.type('Depuis le second. ');
		await sees(a, 'Depuis le second.');
		await waitUntil('both texts to be equal', async () => (a.text() === b.text() ? true : undefined));
		// A late joiner on either process gets everything.
		const c = connect(second, world.documentId, world.reader);
		await sees(c, 'Depuis le premier serveur.');
		await sees(c, 'Depuis le second.');
	});

	it('shows who is present, and where, across processes; a departure too', async () => {
		const names = (client: CollabClient) =>
			[...client.provider.awareness.getStates().entries()].filter(([id]) => id !== client.doc.clientID).map(([, state]) => state.user?.name as string | undefined);
		const present = (client: CollabClient, name: string, expected = true) =>
			waitUntil(`${name} to be ${expected ? '' : 'no longer '}present (seen: ${names(client).join(', ')})`, async () => (names(client).includes(name) === expected ? true : undefined));
		const a = connect(first, world.documentId, world.owner);
		const b = connect(second, world.documentId, world.editor);
		await Promise.all([synced(a), synced(b)]);
		a.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#1d4e89' });
		b.provider.awareness.setLocalStateField('user', { name: 'Bruno', color: '#8f1f4f' });
		await Promise.all([present(b, 'Alice'), present(a, 'Bruno')]);
		// A cursor move is relayed as well.
		a.provider.awareness.setLocalStateField('cursor', { anchor: 3, head: 7 });
		await waitUntil('Alice’s cursor on the second process', async () =>
			[...b.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Alice' && s.cursor?.head === 7) ? true : undefined
		);
		// Someone joining on the second process, after Alice arrived on the first, sees her at once.
		const c = connect(second, world.documentId, world.reader);
		await present(c, 'Alice');
		await present(c, 'Bruno');
		// Alice leaves: gone everywhere.
		a.close();
		await Promise.all([present(b, 'Alice', false), present(c, 'Alice', false)]);
	});
});
