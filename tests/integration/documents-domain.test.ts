/**
 * The documents domain on a real database (both engines): creation with an owner, durable
 * appends and compaction, versions, restore, roles, and the publication register's contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getVersionForAdoption } from '#lib/features/documents/server/adoption.js';
import { FRAGMENT, renderHtml, type PmNode } from '#lib/features/documents/server/content.js';
import {
	createDocument,
	createVersion,
	currentContent,
	findDocument,
	listMembers,
	listVersions,
	restoreVersion,
	setMemberRole,
	takeAutomaticSnapshots
} from '#lib/features/documents/server/documents.js';
import { markdownToJson } from '#lib/features/documents/server/import.js';
import { appendUpdates, compactDocument, loadState } from '#lib/features/documents/server/state.js';
import { documentUpdates } from '#lib/server/db/schema.js';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { seedCommunity, type Community } from '../support/community.js';

let database: TestDatabase;
let community: Community;

beforeAll(async () => {
	database = await createTestDatabase('empty');
	community = await seedCommunity(database.db);
});
afterAll(() => database?.close());

const paragraph = (text: string): PmNode => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

/** A Yjs update typing `text` at the end of the first paragraph of the stored state. */
async function typeAtEnd(documentId: string, text: string) {
	const stored = await loadState(database.db, documentId);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, stored!.state);
	const before = Y.encodeStateVector(doc);
	const first = doc.getXmlFragment(FRAGMENT).get(0) as Y.XmlElement;
	let node = first.get(0) as Y.XmlText | undefined;
	if (!node) {
		node = new Y.XmlText();
		first.insert(0, [node]);
	}
	node.insert(node.length, text);
	return Y.encodeStateAsUpdate(doc, before);
}

describe('documents domain', () => {
	it('creates a document with its owner and initial content', async () => {
		const doc = await createDocument(database.db, { spaceId: community.space.id, title: 'Compte rendu', createdBy: community.people.orgAdmin.id, content: markdownToJson('# Ordre du jour\n\n1. Budget') });
		expect(doc.organisationId).toBe(community.organisationId);
		expect(await listMembers(database.db, doc.id)).toEqual([expect.objectContaining({ userId: community.people.orgAdmin.id, role: 'owner' })]);
		expect(renderHtml(await currentContent(database.db, doc.id))).toBe('<h1>Ordre du jour</h1>\n<ol><li><p>Budget</p></li></ol>\n');
	});

	it('keeps every appended update across compaction', async () => {
		const doc = await createDocument(database.db, { spaceId: community.space.id, title: 'Journal', createdBy: null, content: paragraph('') });
		for (const word of ['Un', ' deux', ' trois']) await appendUpdates(database.db, doc.id, [{ data: await typeAtEnd(doc.id, word), userId: null }], 'test');
		expect(await compactDocument(database.db, doc.id)).toBe(3);
		expect(await database.db.select().from(documentUpdates).where(eq(documentUpdates.documentId, doc.id))).toHaveLength(0);
		await appendUpdates(database.db, doc.id, [{ data: await typeAtEnd(doc.id, ' quatre'), userId: null }], 'test');
		expect(await currentContent(database.db, doc.id)).toEqual(paragraph('Un deux trois quatre'));
		expect(await compactDocument(database.db, doc.id)).toBe(1);
		expect(await compactDocument(database.db, doc.id)).toBe(0);
		expect(await currentContent(database.db, doc.id)).toEqual(paragraph('Un deux trois quatre'));
	});

	it('names versions and restores an older one as a new version', async () => {
		const doc = await createDocument(database.db, { spaceId: community.space.id, title: 'Délibération', createdBy: community.people.orgAdmin.id, content: paragraph('Première rédaction') });
		const first = await createVersion(database.db, { documentId: doc.id, kind: 'named', name: 'Version présentée au conseil', createdBy: community.people.orgAdmin.id });
		await appendUpdates(database.db, doc.id, [{ data: await typeAtEnd(doc.id, ', amendée'), userId: null }], 'test');
		expect(await currentContent(database.db, doc.id)).toEqual(paragraph('Première rédaction, amendée'));
		const restored = await restoreVersion(database.db, doc.id, first.id, community.people.orgAdmin.id);
		expect(restored.kind).toBe('restore');
		expect(await currentContent(database.db, doc.id)).toEqual(paragraph('Première rédaction'));
		const page = await listVersions(database.db, doc.id, { limit: 10 });
		expect(page.items.map((v) => v.kind)).toEqual(['restore', 'named']);
		expect(page.items[1].createdByName).toBe(community.people.orgAdmin.name);
	});

	it('takes one automatic version per interval of an edited document, even when two processes try at once', async () => {
		const interval = 60_000;
		const doc = await createDocument(database.db, { spaceId: community.space.id, title: 'Procès-verbal', createdBy: null, content: paragraph('Séance') });
		await createVersion(database.db, { documentId: doc.id, kind: 'named', name: 'Ouverture', createdBy: null }, new Date(Date.now() - 10 * interval));
		const autos = async () => (await listVersions(database.db, doc.id, { limit: 50 })).items.filter((v) => v.kind === 'auto');
		const edit = async (text: string) => {
			await appendUpdates(database.db, doc.id, [{ data: await typeAtEnd(doc.id, text), userId: null }], 'test');
			const { updatedAt } = (await findDocument(database.db, doc.id))!;
			// The next edit is stamped strictly later.
			while (Date.now() <= updatedAt.getTime()) await new Promise((resolve) => setTimeout(resolve, 1));
			return updatedAt.getTime();
		};
		const edited = await edit(' ouverte');
		// Both run concurrently on separate connections (PostgreSQL), as two processes' timers would.
		const at = new Date(edited);
		await Promise.all([takeAutomaticSnapshots(database.db, at, interval), takeAutomaticSnapshots(database.db, at, interval)]);
		const taken = await autos();
		expect(taken).toHaveLength(1);
		expect(taken[0].content).toEqual(paragraph('Séance ouverte'));
		// Nothing new since: no further version, however late.
		await takeAutomaticSnapshots(database.db, new Date(edited + 10 * interval), interval);
		expect(await autos()).toHaveLength(1);
		// Edited again: none within the interval, one (only) after it.
		const again = await edit(' à 18 h');
		await takeAutomaticSnapshots(database.db, new Date(again), interval);
		expect(await autos()).toHaveLength(1);
		const after = new Date(edited + interval + 1);
		await Promise.all([takeAutomaticSnapshots(database.db, after, interval), takeAutomaticSnapshots(database.db, after, interval)]);
		expect((await autos()).map((v) => v.content)).toEqual([paragraph('Séance ouverte à 18 h'), paragraph('Séance ouverte')]);
	});

	it('gives the publication register a deterministic, sanitised rendering of a version', async () => {
		const doc = await createDocument(database.db, {
			spaceId: community.space.id,
			title: 'Arrêté',
			createdBy: null,
			content: markdownToJson('Article 1 : **adopté**. [plan](javascript:alert(1)) <script>x</script>')
		});
		const version = await createVersion(database.db, { documentId: doc.id, kind: 'named', name: 'Adoptée', createdBy: null });
		const adopted = await getVersionForAdoption(database.db, version.id);
		expect(adopted).toEqual({
			documentId: doc.id,
			versionId: version.id,
			spaceId: community.space.id,
			organisationId: community.organisationId,
			title: 'Arrêté',
			versionName: 'Adoptée',
			createdAt: version.createdAt,
			html: '<p>Article 1 : <strong>adopté</strong>. [plan](javascript:alert(1)) &lt;script&gt;x&lt;/script&gt;</p>\n',
			markdown: 'Article 1 : **adopté**. \\[plan\\](javascript:alert(1)) \\<script\\>x\\</script\\>\n'
		});
		// Later edits do not change a frozen version.
		await appendUpdates(database.db, doc.id, [{ data: await typeAtEnd(doc.id, ' modifié'), userId: null }], 'test');
		expect((await getVersionForAdoption(database.db, version.id))!.html).toBe(adopted!.html);
		expect(await getVersionForAdoption(database.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
		expect(await getVersionForAdoption(database.db, 'not-a-uuid')).toBeNull();
	});

	it('never leaves a document without an owner, even under concurrent demotions', async () => {
		const doc = await createDocument(database.db, { spaceId: community.space.id, title: 'Rôles', createdBy: community.people.orgAdmin.id });
		await setMemberRole(database.db, doc.id, community.people.member.id, 'owner');
		const results = await Promise.allSettled([
			setMemberRole(database.db, doc.id, community.people.orgAdmin.id, 'editor'),
			setMemberRole(database.db, doc.id, community.people.member.id, 'reader')
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const owners = (await listMembers(database.db, doc.id)).filter((m) => m.role === 'owner');
		expect(owners).toHaveLength(1);
		await expect(setMemberRole(database.db, doc.id, owners[0].userId, null)).rejects.toThrow('documents.lastOwner');
	});
});
