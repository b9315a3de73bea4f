/**
 * The documents API through HTTP: create, read, render, import, versions, diff, restore, roles,
 * and revoking a role, or logging out, closes the person's open WebSocket.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { seedCommunity, type Person } from '../support/community.js';
import { SESSION_COOKIE } from '#lib/server/auth/sessions.js';
import { collabUrl, connectCollab, tryUpgrade, type CollabClient } from '../support/collab.js';
import { pdfText } from '../support/pdf.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

type Signed = Person & SignedIn;
let server: TestServer;
let admin: Signed;
let citizen: Signed;
let outsider: Signed;
let member: Signed;
let privateSlug = '';
let laptop = '';
let phone = '';
let spaceSlug = '';
const clients: CollabClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.close()));

beforeAll(async () => {
	server = await startServer({
		prepare: async (db) => {
			const community = await seedCommunity(db, { citizens: 2 });
			spaceSlug = community.space.slug;
			privateSlug = community.privateSpace.slug;
			[admin, citizen, outsider, member] = await openSessions(db, [community.people.orgAdmin, ...community.people.citizens, community.people.member]);
			// Two more sessions of the citizen's, as on a laptop and a phone.
			[laptop, phone] = (await openSessions(db, [citizen, citizen])).map((session) => session.sessionToken);
		}
	});
});
afterAll(() => server?.dispose());

it('creates, renders, imports, versions, diffs and restores a document', async () => {
	const refused = await apiAs(server, citizen, 'POST', `/api/v1/spaces/${spaceSlug}/documents`, { title: 'Essai' });
	expect(refused.status).toBe(403);
	const invalid = await apiAs(server, admin, 'POST', `/api/v1/spaces/${spaceSlug}/documents`, { title: 'x' });
	expect(invalid.status).toBe(422);
	expect(invalid.body.error.fields.title).toBeTruthy();
	const created = await apiAs(server, admin, 'POST', `/api/v1/spaces/${spaceSlug}/documents`, { title: 'Délibération', content: '## Objet\n\nPremière **version**' });
	expect(created.status).toBe(201);
	const id = created.body.id;
	expect(created.body).toMatchObject({ title: 'Délibération', visibility: 'restricted', role: 'owner', collab_url: `/collab/${id}` });
	expect((await apiAs(server, citizen, 'GET', `/api/v1/documents/${id}`)).status).toBe(404);
	const html = await apiAs(server, admin, 'GET', `/api/v1/documents/${id}/content?format=html`);
	expect(html.body.content).toBe('<h2>Objet</h2>\n<p>Première <strong>version</strong></p>\n');

	const v1 = await apiAs(server, admin, 'POST', `/api/v1/documents/${id}/versions`, { name: 'Présentée au conseil' });
	expect(v1.status).toBe(201);
	const imported = await apiAs(server, admin, 'PUT', `/api/v1/documents/${id}/content`, { format: 'html', content: '<h2>Objet</h2><p>Seconde version<script>x</script></p>' });
	expect(imported.body.content).toBe('<h2>Objet</h2>\n<p>Seconde version</p>\n');
	const diff = await apiAs(server, admin, 'GET', `/api/v1/documents/${id}/diff?from=${v1.body.id}&to=current`);
	expect(diff.body.parts.filter((p: { kind: string }) => p.kind === 'added').map((p: { text: string }) => p.text).join('')).toContain('Seconde');
	const rendered1 = await apiAs(server, admin, 'GET', `/api/v1/documents/${id}/versions/${v1.body.id}?format=html`);
	const rendered2 = await apiAs(server, admin, 'GET', `/api/v1/documents/${id}/versions/${v1.body.id}?format=html`);
	expect(rendered1.body.rendering.content).toBe(rendered2.body.rendering.content);
	const restored = await apiAs(server, admin, 'POST', `/api/v1/documents/${id}/versions/${v1.body.id}/restore`);
	expect(restored.status).toBe(201);
	expect((await apiAs(server, admin, 'GET', `/api/v1/documents/${id}/content?format=markdown`)).body.content).toBe('## Objet\n\nPremière **version**\n');
	const versions = await apiAs(server, admin, 'GET', `/api/v1/documents/${id}/versions`);
	expect(versions.body.items.map((v: { kind: string }) => v.kind)).toEqual(['restore', 'named']);
	expect((await apiAs(server, admin, 'GET', `/api/v1/documents/${id}/versions/not-a-uuid`)).status).toBe(404);
});

it('exports a document and its versions as PDF, the same bytes for the same version, to those who may read it', async () => {
	const created = await apiAs(server, admin, 'POST', `/api/v1/spaces/${privateSlug}/documents`, {
		title: 'Note « budget » 2027',
		visibility: 'space',
		content: '## Objet\n\nPremière rédaction, œuvre commune.'
	});
	expect(created.status).toBe(201);
	const id = created.body.id;
	const pdf = async (person: Signed | undefined, query = '') => {
		const response = await clientOf(server, person).request(`/api/v1/documents/${id}/pdf${query}`);
		return { status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
	};
	const version = await apiAs(server, admin, 'POST', `/api/v1/documents/${id}/versions`, { name: 'Présentée au bureau' });
	expect(version.status).toBe(201);
	await apiAs(server, admin, 'PUT', `/api/v1/documents/${id}/content`, { format: 'markdown', content: 'Seconde rédaction.' });

	// A member of the private space reads it: the version as it was, the current content as it is.
	const first = await pdf(member, `?version=${version.body.id}`);
	expect(first.status).toBe(200);
	expect(first.type).toBe('application/pdf');
	expect(Buffer.from(first.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
	const text = pdfText(first.bytes);
	expect(text).toContain('Note « budget » 2027');
	expect(text).toContain('Objet');
	expect(text).toContain('Première rédaction, œuvre commune.');
	const again = await pdf(admin, `?version=${version.body.id}`);
	expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
	const current = await pdf(member);
	expect(current.status).toBe(200);
	expect(pdfText(current.bytes)).toContain('Seconde rédaction.');
	expect(pdfText(current.bytes)).not.toContain('Première rédaction');

	// The page's download link gives the same file.
	const link = await clientOf(server, member).request(`/documents/${id}/export/pdf?version=${version.body.id}`);
	expect(link.headers.get('content-disposition')).toContain('.pdf');
	expect(Buffer.from(await link.arrayBuffer()).equals(Buffer.from(first.bytes))).toBe(true);

	// Outside the private space: nothing, as if the document did not exist; signed out: sign in first.
	expect((await pdf(outsider)).status).toBe(404);
	expect((await pdf(outsider, `?version=${version.body.id}`)).status).toBe(404);
	expect((await pdf(undefined)).status).toBe(401);
	expect((await pdf(member, '?version=not-a-version')).status).toBe(404);
});

it('gives and takes roles; taking one closes the person’s live connection', async () => {
	const created = await apiAs(server, admin, 'POST', `/api/v1/spaces/${spaceSlug}/documents`, { title: 'Compte rendu' });
	const id = created.body.id;
	const given = await apiAs(server, admin, 'PUT', `/api/v1/documents/${id}/members/${citizen.id}`, { role: 'editor' });
	expect(given.body).toMatchObject({ user_id: citizen.id, role: 'editor' });
	expect((await apiAs(server, outsider, 'PUT', `/api/v1/documents/${id}/members/${outsider.id}`, { role: 'owner' })).status).toBe(404);
	expect((await apiAs(server, admin, 'DELETE', `/api/v1/documents/${id}/members/${admin.id}`)).status).toBe(409);

	const client = connectCollab(server, id, { sessionToken: citizen.sessionToken });
	clients.push(client);
	await waitUntil('sync', async () => (client.provider.synced ? true : undefined));
	const closed = new Promise<number>((resolve) => client.provider.ws!.addEventListener('close', (event) => resolve((event as CloseEvent).code)));
	expect((await apiAs(server, admin, 'DELETE', `/api/v1/documents/${id}/members/${citizen.id}`)).status).toBe(204);
	expect(await closed).toBe(4403);
	expect((await apiAs(server, citizen, 'GET', `/api/v1/documents/${id}`)).status).toBe(404);
});

it('closes the live connections of a session that logs out, and only those', async () => {
	const created = await apiAs(server, admin, 'POST', `/api/v1/spaces/${spaceSlug}/documents`, { title: 'Ordre du jour' });
	const id = created.body.id;
	expect((await apiAs(server, admin, 'PUT', `/api/v1/documents/${id}/members/${citizen.id}`, { role: 'editor' })).status).toBe(200);
	const onLaptop = connectCollab(server, id, { sessionToken: laptop });
	const onPhone = connectCollab(server, id, { sessionToken: phone });
	clients.push(onLaptop, onPhone);
	await waitUntil('sync', async () => (onLaptop.provider.synced && onPhone.provider.synced ? true : undefined));
	const closed = new Promise<number>((resolve) => onLaptop.provider.ws!.addEventListener('close', (event) => resolve((event as CloseEvent).code)));

	const logout = await clientOf(server, { sessionToken: laptop }).submit('/logout', {});
	expect(logout.status).toBe(303);
	expect(await closed).toBe(4401);
	// The client keeps retrying on its own; the ended session is refused at the upgrade.
	expect((await tryUpgrade(`${collabUrl(server)}/${id}`, { cookie: `${SESSION_COOKIE}=${laptop}` })).status).toBe(401);
	onPhone.type('Toujours là.');
	await waitUntil('the phone’s edit to be saved', async () => (JSON.stringify((await apiAs(server, admin, 'GET', `/api/v1/documents/${id}/content?format=markdown`)).body).includes('Toujours là.') ? true : undefined));
	expect(onPhone.provider.wsconnected).toBe(true);
});
