/**
 * Automatic versions through the real server: an edit over the collaboration socket is followed
 * by an automatic version (DOCUMENT_SNAPSHOT_INTERVAL_SECONDS set short), and with two processes
 * on one PostgreSQL database, still at most one per document and per interval.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDocument, createVersion, setMemberRole } from '#lib/features/documents/server/documents.js';
import type { Db } from '#lib/server/db/client.js';
import { connectCollab, type CollabClient } from '../support/collab.js';
import { seedCommunity, type Person } from '../support/community.js';
import { testEngine } from '../support/engines.js';
import { apiAs, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

type Signed = Person & SignedIn;
const INTERVAL_SECONDS = 1;
const env = { DOCUMENT_SNAPSHOT_INTERVAL_SECONDS: String(INTERVAL_SECONDS) };

interface World {
	documentId: string;
	owner: Signed;
	editor: Signed;
}

/** A document whose last version is old and which has not changed since: not due until edited. */
async function prepareWorld(db: Db): Promise<World> {
	const community = await seedCommunity(db, { citizens: 1 });
	const [owner, editor] = await openSessions(db, [community.people.author, community.people.citizens[0]]);
	const document = await createDocument(db, { spaceId: community.space.id, title: 'Procès-verbal', createdBy: owner.id });
	await setMemberRole(db, document.id, editor.id, 'editor');
	await createVersion(db, { documentId: document.id, kind: 'named', name: 'Trame', createdBy: owner.id }, new Date(Date.now() + 1));
	return { documentId: document.id, owner, editor };
}

interface Version {
	id: string;
	kind: string;
	created_at: string;
}
const versions = async (server: TestServer, world: World): Promise<Version[]> => {
	const response = await apiAs(server, world.owner, 'GET', `/api/v1/documents/${world.documentId}/versions?limit=100`);
	expect(response.status).toBe(200);
	return response.body.items;
};
const automatic = async (server: TestServer, world: World) => (await versions(server, world)).filter((v) => v.kind === 'auto');
const markdownOf = async (server: TestServer, world: World, version: Version) =>
	(await apiAs(server, world.owner, 'GET', `/api/v1/documents/${world.documentId}/versions/${version.id}?format=markdown`)).body.rendering.content as string;

const clients: CollabClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.close()));
function connect(server: TestServer, world: World, person: Signed) {
	const client = connectCollab(server, world.documentId, { sessionToken: person.sessionToken });
	clients.push(client);
	return client;
}
const synced = (client: CollabClient) => waitUntil('the client to sync', async () => (client.provider.synced ? true : undefined));

describe('automatic versions', () => {
	let server: TestServer;
	let world: World;
	beforeAll(async () => {
		let prepared: World | undefined;
		server = await startServer({ env, prepare: async (db) => void (prepared = await prepareWorld(db)) });
		world = prepared!;
	});
	afterAll(() => server?.dispose());

	it('follows an edit made over the collaboration socket, with the edited content', async () => {
		expect(await automatic(server, world)).toEqual([]);
		const client = connect(server, world, world.editor);
		await synced(client);
		client.type('Séance ouverte à 18 h.');
		const [version] = await waitUntil('an automatic version', async () => {
			const found = await automatic(server, world);
			return found.length ? found : undefined;
		});
		expect(await markdownOf(server, world, version)).toContain('Séance ouverte à 18 h.');
	});
});

// PostgreSQL only: PGlite is single-process (collab.test.ts checks a second process is refused).
if (testEngine() === 'postgres') describe('automatic versions with two processes on one database', () => {
	let first: TestServer;
	let second: TestServer;
	let world: World;
	beforeAll(async () => {
		let prepared: World | undefined;
		first = await startServer({ env, prepare: async (db) => void (prepared = await prepareWorld(db)) });
		world = prepared!;
		second = await startServer({ env: { ...first.databaseEnv, ...env } });
	});
	afterAll(async () => {
		await second?.dispose();
		await first?.dispose();
	});

	it('takes at most one per interval although both processes run the timer, and the last one holds the final text', async () => {
		const a = connect(first, world, world.owner);
		const b = connect(second, world, world.editor);
		await Promise.all([synced(a), synced(b)]);
		// Both processes keep receiving edits over several intervals.
		let round = 0;
		await waitUntil(
			'three automatic versions while editing',
			async () => {
				round++;
				a.type(`a${round} `);
				b.type(`b${round} `);
				await new Promise((resolve) => setTimeout(resolve, 200));
				return (await automatic(first, world)).length >= 3 ? true : undefined;
			},
			90_000
		);
		const finalText = `a${round} `;
		await waitUntil('both clients to hold the same text', async () => (a.text() === b.text() && a.text().includes(finalText) ? true : undefined));
		// Once edits stop, one more version catches the final text, then none.
		const taken = await waitUntil('an automatic version of the final text', async () => {
			const found = await automatic(first, world);
			return (await markdownOf(first, world, found[0])).includes(`b${round} `) && (await markdownOf(first, world, found[0])).includes(finalText) ? found : undefined;
		});
		const times = taken.map((v) => Date.parse(v.created_at)).sort((x, y) => x - y);
		for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(INTERVAL_SECONDS * 1000);
		// Both processes answer from the same database: the same list.
		expect(await automatic(second, world)).toEqual(await automatic(first, world));
	}, 120_000);
});
