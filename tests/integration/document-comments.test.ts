/**
 * Comments anchored to a passage of a co-edited document, through the API and real y-websocket
 * clients: the anchor (Yjs relative positions computed by the client) follows its passage when
 * someone types before it; commenters comment, reply and resolve; readers only read.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT } from '#lib/features/documents/server/content.js';
import { seedCommunity, type Person } from '../support/community.js';
import { connectCollab, type CollabClient } from '../support/collab.js';
import { apiAs, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

type Signed = Person & SignedIn;
let server: TestServer;
let owner: Signed;
let commenter: Signed;
let reader: Signed;
let spaceSlug = '';
const clients: CollabClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.close()));

beforeAll(async () => {
	server = await startServer({
		prepare: async (db) => {
			const community = await seedCommunity(db, { citizens: 2 });
			spaceSlug = community.space.slug;
			[owner, commenter, reader] = await openSessions(db, [community.people.orgAdmin, ...community.people.citizens]);
		}
	});
});
afterAll(() => server?.dispose());

const SENTENCE = 'Le conseil approuve le budget.';
const firstText = (client: CollabClient) => (client.doc.getXmlFragment(FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText;
const position = (text: Y.XmlText, index: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index))).toString('base64');

async function connected(person: Signed, id: string) {
	const client = connectCollab(server, id, { sessionToken: person.sessionToken });
	clients.push(client);
	await waitUntil('sync', async () => (client.provider.synced && client.text().includes(SENTENCE) ? true : undefined));
	return client;
}

it('keeps a comment on its passage through an insertion before it; commenters reply and resolve, readers cannot', async () => {
	const created = await apiAs(server, owner, 'POST', `/api/v1/spaces/${spaceSlug}/documents`, { title: 'Délibération', content: SENTENCE });
	expect(created.status).toBe(201);
	const id = created.body.id;
	expect((await apiAs(server, owner, 'PUT', `/api/v1/documents/${id}/members/${commenter.id}`, { role: 'commenter' })).status).toBe(200);
	expect((await apiAs(server, owner, 'PUT', `/api/v1/documents/${id}/members/${reader.id}`, { role: 'reader' })).status).toBe(200);

	// The commenter selects « approuve » in their editor and comments on it.
	const commenterClient = await connected(commenter, id);
	const text = firstText(commenterClient);
	const from = SENTENCE.indexOf('approuve');
	const anchor = { start: position(text, from), end: position(text, from + 'approuve'.length) };
	const comment = await apiAs(server, commenter, 'POST', `/api/v1/documents/${id}/comments`, { body: 'Préciser « sous réserve ».', anchor });
	expect(comment.status).toBe(201);
	expect(comment.body).toMatchObject({ target: { type: 'document', id }, body: 'Préciser « sous réserve ».', parent_id: null });
	const reading = await apiAs(server, reader, 'POST', `/api/v1/documents/${id}/comments`, { body: 'Moi aussi.', anchor });
	expect(reading.status).toBe(403);
	expect(reading.body).toMatchObject({ error: { code: 'forbidden' } });
	const garbage = await apiAs(server, commenter, 'POST', `/api/v1/documents/${id}/comments`, { body: 'Ici.', anchor: { start: 'pas du base64 !', end: anchor.end } });
	expect(garbage.status).toBe(422);
	expect(garbage.body).toMatchObject({ error: { code: 'validation_failed' } });

	// The owner types at the very start of the paragraph, before the passage.
	const ownerClient = await connected(owner, id);
	firstText(ownerClient).insert(0, 'Ce soir, ');
	await waitUntil('the insertion to reach the commenter', async () => (commenterClient.text().startsWith('Ce soir, Le conseil') ? true : undefined));
	await waitUntil('the insertion to be saved', async () =>
		JSON.stringify((await apiAs(server, owner, 'GET', `/api/v1/documents/${id}/content?format=markdown`)).body).includes('Ce soir') ? true : undefined
	);

	const reply = await apiAs(server, owner, 'POST', '/api/v1/comments', { targetType: 'document', targetId: id, parentId: comment.body.id, body: 'D’accord, je l’ajoute.' });
	expect(reply.status).toBe(201);
	const threads = await apiAs(server, reader, 'GET', `/api/v1/documents/${id}/comments`);
	expect(threads.status).toBe(200);
	expect(threads.body.items).toHaveLength(1);
	expect(threads.body.items[0]).toMatchObject({
		id: comment.body.id,
		anchor: { quote: 'approuve', text: 'approuve' },
		resolved_at: null,
		replies: [{ parent_id: comment.body.id, body: 'D’accord, je l’ajoute.' }]
	});

	expect((await apiAs(server, reader, 'PUT', `/api/v1/documents/${id}/comments/${comment.body.id}/resolved`, { resolved: true })).status).toBe(403);
	expect((await apiAs(server, commenter, 'PUT', `/api/v1/documents/${id}/comments/${comment.body.id}/resolved`, { resolved: true })).status).toBe(200);
	const resolved = await apiAs(server, commenter, 'GET', `/api/v1/documents/${id}/comments`);
	expect(resolved.body.items[0].resolved_at).toEqual(expect.any(String));
	expect((await apiAs(server, commenter, 'PUT', `/api/v1/documents/${id}/comments/${reply.body.id}/resolved`, { resolved: true })).status).toBe(404);

	// Deleting the passage leaves the discussion, marked as detached.
	const live = firstText(ownerClient);
	const at = live.toString().indexOf('approuve');
	live.delete(at, 'approuve'.length);
	await waitUntil('the deletion to be saved', async () => {
		const { body } = await apiAs(server, owner, 'GET', `/api/v1/documents/${id}/comments`);
		return body.items[0].anchor.text === null ? body.items[0] : undefined;
	});
});
