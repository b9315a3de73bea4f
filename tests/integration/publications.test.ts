/**
 * The publication register on both engines, through HTTP: adopting a document version freezes a
 * PDF and an HTML rendering whose downloaded bytes hash to the stored SHA-256; acts are numbered
 * per year and type (exact under concurrent adoptions); only elected officials and administrators
 * adopt; corrections reference the act they correct; a scheduled act stays hidden until its date;
 * withdrawal waits for the legal two months and leaves a trace; anyone verifies a file or a hash.
 * Each publication reaches a local webhook receiver, signed as Standard Webhooks specifies.
 */
import { createHash, randomBytes } from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument, createVersion } from '#lib/features/documents/server/documents.js';
import { markdownToJson } from '#lib/features/documents/server/import.js';
import { loadActor } from '#lib/features/organisations/server/organisations.js';
import { registerQuery } from '#lib/features/publications/api.js';
import { adoptAct, announceScheduledAct, findAct, listRegister, withdrawAct, withDetails } from '#lib/features/publications/server/acts.js';
import { documents, documentVersions, memberships, organisations, users } from '#lib/server/db/schema.js';
import { seedCommunity, type Community, type Person } from '../support/community.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { createTestDatabase } from '../support/databases.js';
import { startServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';
import { startWebhookReceiver, standardWebhookSignature, type WebhookReceiver } from '../support/webhook-receiver.js';

type P = Person & SignedIn;
let server: TestServer;
let world: Community;
let organisationSlug: string;
let admin: P;
let elected: P;
let agent: P;
let citizen: P;
let oldActId: string;
let receiver: WebhookReceiver;

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
/** The PNG signature and an IHDR chunk: enough for the server to recognise an image from its bytes. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex')]);
const today = () => new Date().toISOString().slice(0, 10);
const year = () => Number(today().slice(0, 4));

beforeAll(async () => {
	receiver = await startWebhookReceiver();
	server = await startServer({
		// Room for an attachment over the 5 MB per-file limit, so that limit (not the body's) is what refuses it.
		env: { BODY_SIZE_LIMIT: '8M' },
		prepare: async (db) => {
			world = await seedCommunity(db, { citizens: 3 });
			[{ slug: organisationSlug }] = await db.select({ slug: organisations.slug }).from(organisations).where(eq(organisations.id, world.organisationId));
			await db.insert(memberships).values([
				{ organisationId: world.organisationId, userId: world.people.citizens[0].id, role: 'elected' },
				{ organisationId: world.organisationId, userId: world.people.moderator.id, role: 'agent' }
			]);
			[admin, elected, agent, citizen] = await openSessions(db, [world.people.orgAdmin, world.people.citizens[0], world.people.moderator, world.people.citizens[1]]);
			// An act published three months ago, so the withdrawal rule can be exercised today.
			const past = new Date(Date.now() - 92 * 86_400_000);
			const document = await createDocument(db, { spaceId: world.space.id, title: 'Tarifs de la cantine 2026', content: markdownToJson('Les tarifs de la cantine scolaire sont fixés.'), createdBy: admin.id }, past);
			const version = await createVersion(db, { documentId: document.id, kind: 'named', name: 'Adoptée', createdBy: admin.id }, past);
			const adminActor = await loadActor(db, { id: admin.id, isPlatformAdmin: false });
			const old = await adoptAct(
				db,
				adminActor,
				{ version_id: version.id, type: 'decision', adopted_on: past.toISOString().slice(0, 10), signatory_name: 'Claire Le Goff', signatory_title: 'Maire', subject: 'Tarifs de la cantine', attachments: [] },
				past
			);
			oldActId = old.act.id;
		}
	});
}, 120_000);
afterAll(async () => {
	await server?.dispose();
	await receiver?.close();
});

const api = <T = any>(person: P | undefined, method: string, path: string, body?: unknown) => apiAs<T>(server, person, method, path, body);

/** A document written and frozen through the documents API; returns its version id. */
async function frozenVersion(title: string, markdown: string) {
	const created = await api(admin, 'POST', `/api/v1/spaces/${world.space.slug}/documents`, { title, content: markdown, visibility: 'space' });
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	const version = await api(admin, 'POST', `/api/v1/documents/${created.body.id}/versions`, { name: 'Version adoptée' });
	expect(version.status, JSON.stringify(version.body)).toBe(201);
	return { documentId: created.body.id as string, versionId: version.body.id as string };
}

const adoption = (versionId: string, fields: Record<string, unknown> = {}) => ({
	version_id: versionId,
	type: 'deliberation',
	adopted_on: today(),
	signatory_name: 'Claire Le Goff',
	signatory_title: 'Maire',
	subject: 'Stationnement en centre-ville',
	category: 'Voirie',
	...fields
});

async function download(path: string) {
	const response = await clientOf(server).request(path);
	return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe('publication register', () => {
	let first: any;

	it('registers a signed webhook, then adopts: PDF and HTML whose bytes hash to the stored SHA-256, listed in the register', async () => {
		const hook = await api(admin, 'POST', `/api/v1/organisations/${organisationSlug}/webhooks`, { url: receiver.url, description: 'GED de la mairie', event_types: ['act.published', 'act.withdrawn'] });
		expect(hook.status, JSON.stringify(hook.body)).toBe(201);
		expect(hook.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
		receiver.secret = hook.body.secret;
		expect((await api(admin, 'GET', `/api/v1/webhooks/${hook.body.id}`)).body).not.toHaveProperty('secret');
		expect((await api(elected, 'GET', `/api/v1/organisations/${organisationSlug}/webhooks`)).status).toBe(403);

		const { versionId } = await frozenVersion('Stationnement en centre-ville', '## Article 1\n\nLes stationnements payants sont gratuits le samedi matin.\n\n- zone bleue\n- zone verte');
		const adopted = await api(elected, 'POST', '/api/v1/acts', adoption(versionId));
		expect(adopted.status, JSON.stringify(adopted.body)).toBe(201);
		first = adopted.body;
		expect(first).toMatchObject({
			type: 'deliberation',
			number: `DEL-${year()}-001`,
			title: 'Stationnement en centre-ville',
			signatory: { name: 'Claire Le Goff', title: 'Maire' },
			withdrawn_at: null,
			corrects: null
		});

		const pdf = await download(new URL(first.pdf.url).pathname);
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		expect(Buffer.from(pdf.bytes.slice(0, 5)).toString()).toBe('%PDF-');
		expect(Buffer.from(pdf.bytes).toString('latin1')).toMatch(/\/FontFile2/);
		expect(sha256(pdf.bytes)).toBe(first.pdf.sha256);
		expect(pdf.bytes.length).toBe(first.pdf.size);
		const html = await download(new URL(first.html.url).pathname);
		expect(html.status).toBe(200);
		const text = Buffer.from(html.bytes).toString('utf8');
		expect(text).toContain(`Délibération n° DEL-${year()}-001`);
		expect(text).toContain('Les stationnements payants sont gratuits le samedi matin.');
		expect(text).toContain('Claire Le Goff, Maire');
		expect(sha256(html.bytes)).toBe(first.html.sha256);

		const register = await api(undefined, 'GET', `/api/v1/organisations/${organisationSlug}/acts`);
		expect(register.status).toBe(200);
		expect(register.body.items.map((a: any) => a.id)).toEqual([first.id, oldActId]);

		// The publication reached the receiver, signed with the endpoint's secret.
		const delivered = await waitUntil('the act.published delivery', async () => receiver.received.find((r) => r.payload.data.act_id === first.id));
		expect(delivered.verified).toBe(true);
		expect(delivered.signature).toBe(standardWebhookSignature(receiver.secret, delivered.id, delivered.timestamp, delivered.body));
		expect(delivered.payload).toMatchObject({ type: 'act.published', data: { number: first.number, pdf_sha256: first.pdf.sha256 } });
		expect(delivered.id).toMatch(/^msg_[0-9a-f]{32}$/);
		const deliveries = await waitUntil('the delivery marked succeeded', async () => {
			const list = await api(admin, 'GET', `/api/v1/webhooks/${hook.body.id}/deliveries`);
			return list.body.items[0]?.status === 'succeeded' ? list.body.items : undefined;
		});
		expect(deliveries[0]).toMatchObject({ webhook_id: delivered.id, event_type: 'act.published', attempts: 1, last_response_status: 200, next_attempt_at: null });
		expect(deliveries[0].history).toHaveLength(1);
	});

	it('keeps the renderings frozen: no update path, and editing the document changes nothing', async () => {
		for (const method of ['PATCH', 'PUT', 'DELETE']) expect((await api(admin, method, `/api/v1/acts/${first.id}`, { number: 'X' })).status).toBe(405);
		const documents = await api(admin, 'GET', `/api/v1/spaces/${world.space.slug}/documents`);
		const document = documents.body.items.find((d: any) => d.title === 'Stationnement en centre-ville');
		expect((await api(admin, 'PUT', `/api/v1/documents/${document.id}/content`, { format: 'markdown', content: 'Texte réécrit après adoption.' })).status).toBe(200);
		const again = await api(undefined, 'GET', `/api/v1/acts/${first.id}`);
		expect(again.body.pdf.sha256).toBe(first.pdf.sha256);
		expect(sha256((await download(`/api/v1/acts/${first.id}/html`)).bytes)).toBe(first.html.sha256);
		expect(Buffer.from((await download(`/api/v1/acts/${first.id}/html`)).bytes).toString()).not.toContain('réécrit');
	});

	it('numbers per year and type, exactly under concurrent adoptions; an edited number stays unique', async () => {
		const versions = await Promise.all([1, 2, 3, 4].map((n) => frozenVersion(`Subvention ${n}`, `Attribution d’une subvention n° ${n}.`)));
		const results = await Promise.all(versions.map(({ versionId }) => api(admin, 'POST', '/api/v1/acts', adoption(versionId, { subject: 'Subventions aux associations' }))));
		expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
		expect(results.map((r) => r.body.number).sort()).toEqual([2, 3, 4, 5].map((n) => `DEL-${year()}-00${n}`));

		const decree = await frozenVersion('Arrêté de circulation', 'La circulation est interdite rue du Port le 14 juillet.');
		const arr = await api(admin, 'POST', '/api/v1/acts', adoption(decree.versionId, { type: 'decree', subject: 'Circulation rue du Port' }));
		expect(arr.body.number).toBe(`ARR-${year()}-001`);
		const custom = await frozenVersion('Arrêté de voirie', 'Travaux de voirie.');
		const edited = await api(admin, 'POST', '/api/v1/acts', adoption(custom.versionId, { type: 'decree', number: `${year()}/ARR/15`, subject: 'Travaux de voirie' }));
		expect(edited.status, JSON.stringify(edited.body)).toBe(201);
		expect(edited.body.number).toBe(`${year()}/ARR/15`);
		const taken = await api(admin, 'POST', '/api/v1/acts', adoption(custom.versionId, { type: 'decree', number: `${year()}/ARR/15`, subject: 'Travaux de voirie' }));
		expect(taken.status).toBe(409);
		expect(taken.body.error.fields.number).toBe('Ce numéro est déjà utilisé pour ce type d’acte.');
		const bad = await api(admin, 'POST', '/api/v1/acts', { ...adoption(custom.versionId), adopted_on: '14/07/2026', signatory_name: '' });
		expect(bad.status).toBe(422);
		expect(Object.keys(bad.body.error.fields).sort()).toEqual(['adopted_on', 'signatory_name']);
	});

	it('lets only elected officials and administrators adopt', async () => {
		const { versionId } = await frozenVersion('Décision du maire', 'Décision.');
		expect((await api(agent, 'POST', '/api/v1/acts', adoption(versionId, { type: 'decision' }))).status).toBe(403);
		expect((await api(citizen, 'POST', '/api/v1/acts', adoption(versionId, { type: 'decision' }))).status).toBe(403);
		expect((await api(undefined, 'POST', '/api/v1/acts', adoption(versionId, { type: 'decision' }))).status).toBe(401);
		expect((await api(admin, 'POST', '/api/v1/acts', adoption(randomUuid(), { type: 'decision' }))).status).toBe(404);
	});

	it('records corrections both ways', async () => {
		const { versionId } = await frozenVersion('Stationnement en centre-ville (rectifié)', 'Les stationnements payants sont gratuits le samedi toute la journée.');
		const correction = await api(admin, 'POST', '/api/v1/acts', adoption(versionId, { corrects: first.id }));
		expect(correction.status, JSON.stringify(correction.body)).toBe(201);
		expect(correction.body.corrects).toEqual({ id: first.id, number: first.number });
		expect(Buffer.from((await download(`/api/v1/acts/${correction.body.id}/html`)).bytes).toString()).toContain(`Rectifie l’acte n° ${first.number}`);
		expect((await api(undefined, 'GET', `/api/v1/acts/${first.id}`)).body.corrected_by).toEqual([{ id: correction.body.id, number: correction.body.number }]);
		const elsewhere = await api(admin, 'POST', '/api/v1/acts', adoption(versionId, { corrects: randomUuid() }));
		expect(elsewhere.status).toBe(422);
	});

	it('searches the register by full text (French stemming), type, number, subject and date', async () => {
		const search = async (query: string) => (await api(undefined, 'GET', `/api/v1/organisations/${organisationSlug}/acts?${query}`)).body.items.map((a: any) => a.number);
		expect(await search('q=stationnement')).toEqual(expect.arrayContaining([first.number]));
		expect(await search('q=cantine')).toHaveLength(1);
		expect(await search('type=decree')).toHaveLength(2);
		expect(await search(`number=ARR-${year()}`)).toEqual([`ARR-${year()}-001`]);
		expect(await search('subject=associations')).toHaveLength(4);
		expect(await search(`from=${today()}&type=deliberation&q=cantine`)).toEqual([]);
		expect((await api(undefined, 'GET', `/api/v1/organisations/${organisationSlug}/acts?from=demain`)).status).toBe(422);
		const paged = await api(undefined, 'GET', `/api/v1/organisations/${organisationSlug}/acts?limit=3`);
		const next = await api(undefined, 'GET', `/api/v1/organisations/${organisationSlug}/acts?limit=3&cursor=${paged.body.next_cursor}`);
		expect(new Set([...paged.body.items, ...next.body.items].map((a: any) => a.id)).size).toBe(6);
	});

	it('keeps a scheduled act hidden until its date, then announces it', async () => {
		const { versionId } = await frozenVersion('Procès-verbal du conseil', 'Le conseil a approuvé le compte rendu.');
		const publishAt = new Date(Date.now() + 3_000).toISOString();
		const scheduled = await api(admin, 'POST', '/api/v1/acts', adoption(versionId, { type: 'minutes', subject: 'Séance du conseil', publish_at: publishAt }));
		expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
		const id = scheduled.body.id;
		expect((await api(undefined, 'GET', `/api/v1/acts/${id}`)).status).toBe(404);
		expect((await download(`/api/v1/acts/${id}/pdf`)).status).toBe(404);
		expect((await api(undefined, 'GET', `/api/v1/organisations/${organisationSlug}/acts?type=minutes`)).body.items).toEqual([]);
		expect(receiver.received.some((r) => r.payload.data.act_id === id)).toBe(false);
		expect((await api(admin, 'GET', `/api/v1/acts/${id}`)).status).toBe(200);
		const announced = await waitUntil('the scheduled act.published delivery', async () => receiver.received.find((r) => r.payload.data.act_id === id), 20_000);
		expect(announced.payload.type).toBe('act.published');
		expect(Date.parse(announced.payload.timestamp)).toBeGreaterThanOrEqual(Date.parse(publishAt));
		expect((await api(undefined, 'GET', `/api/v1/organisations/${organisationSlug}/acts?type=minutes`)).body.items.map((a: any) => a.id)).toEqual([id]);
	});

	it('refuses a withdrawal before two months online, allows it after, and keeps a public trace', async () => {
		const early = await api(admin, 'POST', `/api/v1/acts/${first.id}/withdraw`, { reason: 'Erreur matérielle' });
		expect(early.status).toBe(409);
		expect(early.body.error.message).toMatch(/^Un acte reste en ligne au moins deux mois : retrait possible à partir du \d{4}-\d{2}-\d{2}\.$/);
		expect((await api(agent, 'POST', `/api/v1/acts/${oldActId}/withdraw`, { reason: 'Remplacé' })).status).toBe(403);
		const withdrawn = await api(elected, 'POST', `/api/v1/acts/${oldActId}/withdraw`, { reason: 'Remplacé par les tarifs 2027' });
		expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
		expect(withdrawn.body.withdrawn_at).not.toBeNull();
		expect(withdrawn.body.withdrawal_reason).toBe('Remplacé par les tarifs 2027');
		expect((await api(elected, 'POST', `/api/v1/acts/${oldActId}/withdraw`, { reason: 'Encore' })).status).toBe(409);
		const listed = (await api(undefined, 'GET', `/api/v1/organisations/${organisationSlug}/acts?q=cantine`)).body.items[0];
		expect(listed).toMatchObject({ id: oldActId, withdrawn_at: withdrawn.body.withdrawn_at });
		expect((await download(`/api/v1/acts/${oldActId}/pdf`)).status).toBe(410);
		const notice = await waitUntil('the act.withdrawn delivery', async () => receiver.received.find((r) => r.payload.type === 'act.withdrawn'));
		expect(notice.verified).toBe(true);
		expect(notice.payload.data.act_id).toBe(oldActId);
	});

	it('verifies a file by upload or by hash', async () => {
		const pdf = await download(`/api/v1/acts/${first.id}/pdf`);
		const response = await fetch(new URL('/api/v1/acts/verify', server.url), { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: pdf.bytes });
		const verdict = await response.json();
		expect(verdict).toMatchObject({ match: true, sha256: first.pdf.sha256, file: 'pdf', act: { id: first.id, number: first.number } });
		const byHash = await clientOf(server).api('POST', '/api/v1/acts/verify', { body: { sha256: first.html.sha256.toUpperCase() } });
		expect(byHash.body).toMatchObject({ match: true, file: 'html', act: { id: first.id } });
		const altered = Uint8Array.from(pdf.bytes);
		altered[altered.length - 10] ^= 1;
		const tampered = await fetch(new URL('/api/v1/acts/verify', server.url), { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: altered });
		expect(await tampered.json()).toMatchObject({ match: false, act: null, file: null });
		const malformed = await clientOf(server).api('POST', '/api/v1/acts/verify', { body: { sha256: 'abc' } });
		expect(malformed.status).toBe(422);
		expect(malformed.body.error.fields.sha256).toBe('Empreinte SHA-256 attendue : 64 caractères hexadécimaux.');
	});

	it('shows the register, the act page, the Atom feed, the SCDL open data and the verification page', async () => {
		const browser = clientOf(server);
		const register = await browser.get(`/registre/${organisationSlug}?q=stationnement&type=deliberation`);
		expect(register.status).toBe(200);
		expect(register.body).toContain(`Délibération N° ${first.number} — Stationnement en centre-ville`);
		expect(register.body).not.toContain('Tarifs de la cantine');
		const page = await browser.get(`/registre/${organisationSlug}/${first.id}`);
		expect(page.status).toBe(200);
		expect(page.body).toContain(first.pdf.sha256);
		expect(page.body).toContain('Claire Le Goff, Maire');
		expect(page.body).toContain(`/api/v1/acts/${first.id}/pdf`);
		const withdrawnPage = await browser.get(`/registre/${organisationSlug}/${oldActId}`);
		expect(withdrawnPage.body).toMatch(/Retiré le/);
		expect(withdrawnPage.body).not.toContain('Télécharger le PDF');
		expect((await browser.get(`/registre/autre-ville/${first.id}`)).status).toBe(404);

		const feed = await browser.request(`/registre/${organisationSlug}/flux.atom`);
		expect(feed.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
		const atom = await feed.text();
		expect(atom).toContain(`<id>${server.url}/registre/${organisationSlug}/${first.id}</id>`);
		expect(atom).toContain(`SHA-256 du PDF : ${first.pdf.sha256}`);

		const csv = await (await browser.request('/opendata/deliberations.csv')).text();
		const [header, ...lines] = csv.trim().split(/\r?\n/);
		expect(header.replace(/^\uFEFF/, '').split(/[,;]/).map((h) => h.replace(/"/g, ''))).toEqual([
			'COLL_NOM', 'COLL_SIRET', 'DELIB_ID', 'DELIB_DATE', 'DELIB_MATIERE_CODE', 'DELIB_MATIERE_NOM', 'DELIB_OBJET', 'BUDGET_ANNEE', 'BUDGET_NOM',
			'PREF_ID', 'PREF_DATE', 'VOTE_EFFECTIF', 'VOTE_REEL', 'VOTE_POUR', 'VOTE_CONTRE', 'VOTE_ABSTENTION', 'DELIB_URL'
		]);
		expect(lines.some((line) => line.includes(first.number) && line.includes('Voirie'))).toBe(true);
		expect(lines.some((line) => line.includes('Tarifs de la cantine'))).toBe(false);

		const form = new FormData();
		form.set('sha256', first.pdf.sha256);
		const verified = await browser.request('/registre/verifier', { method: 'POST', headers: { origin: server.url, accept: 'text/html' }, body: form });
		const verdict = await verified.text();
		expect(verdict).toContain(`Ce fichier correspond à l’acte n° ${first.number}`);
		const upload = new FormData();
		upload.set('file', new Blob([randomBytes(64)]), 'faux.pdf');
		const refused = await (await browser.request('/registre/verifier', { method: 'POST', headers: { origin: server.url, accept: 'text/html' }, body: upload })).text();
		expect(refused).toContain('Aucun acte publié ne correspond à cette empreinte.');
	});

	it('adopts through the adoption form and lists deliveries with a redeliver button on the webhooks page', async () => {
		const { documentId, versionId } = await frozenVersion('Décision de voirie', 'Réfection de la chaussée, rue Clemenceau.');
		expect((await clientOf(server, agent).get(`/documents/${documentId}/adopter`)).status).toBe(403);
		const browser = clientOf(server, elected);
		const formPage = await browser.get(`/documents/${documentId}/adopter`);
		expect(formPage.status).toBe(200);
		expect(formPage.body).toContain(`Proposé : DEL-${year()}-007`);
		const refused = await browser.submit(`/documents/${documentId}/adopter`, { version_id: versionId, type: 'decision', adopted_on: today(), signatory_name: '', signatory_title: 'Maire', subject: 'Voirie' });
		expect(refused.status).toBe(422);
		expect(Object.keys(refused.fieldErrors)).toContain('signatory_name');
		const fields = {
			version_id: versionId, type: 'decision', number: '', adopted_on: today(), signatory_name: 'Yann Le Bihan', signatory_title: 'Adjoint à la voirie', subject: 'Réfection de la chaussée', category: '', corrects: '', publish_at: ''
		};
		const withFiles = (...files: [string, Uint8Array][]) => {
			const form = new FormData();
			for (const [name, value] of Object.entries(fields)) form.set(name, value);
			for (const [name, bytes] of files) form.append('attachments', new Blob([Buffer.from(bytes)]), name);
			return form;
		};
		// Types are read from the content: a page renamed .pdf is refused, and nothing is adopted.
		const disguised = await browser.submit(`/documents/${documentId}/adopter`, withFiles(['plan.png', PNG], ['devis.pdf', Buffer.from('<html><script>alert(1)</script>')]));
		expect(disguised.status).toBe(422);
		expect(disguised.fieldErrors.attachments).toBe(
			'Le fichier « devis.pdf » n’est ni un PDF, ni une image (JPEG, PNG, GIF, WebP), ni un document bureautique (OpenDocument, Word, Excel, PowerPoint) : son contenu ne correspond à aucun de ces formats.'
		);
		const huge = await browser.submit(`/documents/${documentId}/adopter`, withFiles(['scan.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5 * 1024 * 1024)])]));
		expect(huge.status).toBe(413);
		expect(huge.fieldErrors.attachments).toBe('Le fichier « scan.pdf » dépasse 5 Mo.');
		const docx = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Devis de réfection de la chaussée')] }] })));
		const done = await browser.submit(`/documents/${documentId}/adopter`, withFiles(['plan.png', PNG], ['devis.docx', docx]));
		expect(done.status).toBe(303);
		expect(done.location).toMatch(new RegExp(`^/registre/${organisationSlug}/[0-9a-f-]{36}$`));
		const actPage = await clientOf(server).get(done.location!);
		expect(actPage.body).toContain(`Décision N° DEC-${year()}-002`);
		expect(actPage.body).toContain('Yann Le Bihan, Adjoint à la voirie');
		const act = (await api(undefined, 'GET', `/api/v1/acts/${done.location!.split('/').at(-1)}`)).body;
		expect(act.attachments.map((a: any) => [a.filename, a.content_type, a.sha256, a.size])).toEqual([
			['devis.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', sha256(docx), docx.length],
			['plan.png', 'image/png', sha256(PNG), PNG.length]
		]);
		for (const attachment of act.attachments) {
			expect(actPage.body).toContain(attachment.sha256);
			expect(actPage.body).toContain(new URL(attachment.url).pathname);
			const file = await download(new URL(attachment.url).pathname);
			expect(file.headers.get('content-type')).toBe(attachment.content_type);
			expect(sha256(file.bytes)).toBe(attachment.sha256);
		}

		const admins = clientOf(server, admin);
		const hooks = await admins.get(`/organisations/${organisationSlug}/webhooks`);
		expect(hooks.status).toBe(200);
		expect(hooks.body).toContain(receiver.url);
		expect(hooks.body).toContain('Remis');
		expect((await clientOf(server, elected).get(`/organisations/${organisationSlug}/webhooks`)).status).toBe(404);
		const endpoints = await api(admin, 'GET', `/api/v1/organisations/${organisationSlug}/webhooks`);
		const deliveries = await api(admin, 'GET', `/api/v1/webhooks/${endpoints.body.items[0].id}/deliveries`);
		const target = deliveries.body.items.at(-1);
		const before = receiver.received.filter((r) => r.id === target.webhook_id).length;
		const again = await admins.submit(`/organisations/${organisationSlug}/webhooks?/redeliver`, { id: target.id });
		expect(again.notice).toBe('Envoi relancé.');
		await waitUntil('the redelivery', async () => (receiver.received.filter((r) => r.id === target.webhook_id).length > before ? true : undefined));
		const created = await admins.submit(`/organisations/${organisationSlug}/webhooks?/create`, { url: 'ftp://exemple.fr', description: '' });
		expect(created.status).toBe(422);
	});

	it('adopts with attachments through the API: typed from their content, frozen, hashed, downloadable and verifiable', async () => {
		const { versionId } = await frozenVersion('Convention avec l’école de musique', 'La commune conventionne avec l’école de musique.');
		const odt = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(26), Buffer.from('mimetypeapplication/vnd.oasis.opendocument.text'), randomBytes(64)]);
		const attachment = (filename: string, bytes: Uint8Array) => ({ filename, data_base64: Buffer.from(bytes).toString('base64') });
		const body = adoption(versionId, { type: 'other', subject: 'Convention école de musique', attachments: [attachment('convention.odt', odt), attachment('C:\\Scans\\annexe.png', PNG)] });
		const adopted = await api(admin, 'POST', '/api/v1/acts', body);
		expect(adopted.status, JSON.stringify(adopted.body)).toBe(201);
		expect(adopted.body.attachments.map((a: any) => [a.filename, a.content_type, a.sha256])).toEqual([
			['annexe.png', 'image/png', sha256(PNG)],
			['convention.odt', 'application/vnd.oasis.opendocument.text', sha256(odt)]
		]);
		const stored = await download(new URL(adopted.body.attachments[1].url).pathname);
		expect(Buffer.from(stored.bytes).equals(odt)).toBe(true);
		expect(stored.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''convention.odt");
		const verdict = await clientOf(server).api('POST', '/api/v1/acts/verify', { body: { sha256: sha256(odt) } });
		expect(verdict.body).toMatchObject({ match: true, file: 'attachment', act: { id: adopted.body.id } });

		const six = await api(admin, 'POST', '/api/v1/acts', { ...body, attachments: Array.from({ length: 6 }, (_, i) => attachment(`annexe-${i}.png`, PNG)) });
		expect(six.status).toBe(422);
		expect(six.body.error).toEqual({ code: 'validation_failed', message: 'Au plus 5 pièces jointes par acte.', fields: { attachments: 'Au plus 5 pièces jointes par acte.' } });
		const zip = await api(admin, 'POST', '/api/v1/acts', { ...body, attachments: [attachment('archive.docx', Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(200)]))] });
		expect(zip.status).toBe(422);
		expect(zip.body.error.fields.attachments).toMatch(/^Le fichier « archive\.docx » n’est ni un PDF/);
		const empty = await api(admin, 'POST', '/api/v1/acts', { ...body, attachments: [attachment('vide.pdf', new Uint8Array())] });
		expect(empty.body.error.fields.attachments).toBe('Le fichier « vide.pdf » est vide.');
	});

	it('rate-limits verification per address', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 32; i++) statuses.push((await clientOf(server).api('POST', '/api/v1/acts/verify', { body: { sha256: sha256(randomBytes(8)) } })).status);
		expect(statuses).toContain(429);
		expect(statuses.indexOf(429)).toBeLessThanOrEqual(30);
	});
});

function randomUuid() {
	return '7d0c1f52-8a55-4d1e-9c3a-' + randomBytes(6).toString('hex');
}

describe('demo register', () => {
	it('holds Auray’s published acts, each with its frozen PDF', async () => {
		const demo = await createTestDatabase('demo');
		try {
			const [auray] = await demo.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, 'auray'));
			const page = await listRegister(demo.db, auray.id, registerQuery.parse({}));
			expect(page.items.map((a) => a.type)).toEqual(['minutes', 'decree', 'deliberation']);
			const details = await withDetails(demo.db, page.items);
			expect(details.every((d) => d.files.some((f) => f.kind === 'pdf' && /^[0-9a-f]{64}$/.test(f.sha256)))).toBe(true);
		} finally {
			await demo.close();
		}
	});
});

describe('frozen in the database', () => {
	it('refuses direct SQL changes to the renderings and to an act’s adopted content; adoption, scheduled announcement, correction and withdrawal still work', async () => {
		const demo = await createTestDatabase('demo');
		const { db } = demo;
		/** The database's own message when it refuses a statement. */
		const refusal = async (statement: SQL) => {
			const error = await db.execute(statement).then(
				() => undefined,
				(caught: Error & { cause?: Error }) => caught.cause?.message ?? caught.message
			);
			return error ?? 'accepted';
		};
		try {
			const [auray] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, 'auray'));
			const [published] = (await listRegister(db, auray.id, registerQuery.parse({}))).items;
			const { files } = (await findAct(db, published.id))!;
			const pdf = files.find((f) => f.kind === 'pdf')!;

			expect(await refusal(sql`update act_files set data = decode('00', 'hex'), sha256 = ${'0'.repeat(64)} where id = ${pdf.id}`)).toBe('act_files are frozen: UPDATE refused');
			expect(await refusal(sql`update act_files set filename = 'autre.pdf' where act_id = ${published.id}`)).toBe('act_files are frozen: UPDATE refused');
			expect(await refusal(sql`delete from act_files where id = ${pdf.id}`)).toBe('act_files are frozen: DELETE refused');
			expect(await refusal(sql`truncate act_files`)).toBe('act_files are frozen: TRUNCATE refused');
			const frozenAct = `act ${published.number} is frozen: only its announcement and its withdrawal may be recorded`;
			expect(await refusal(sql`update acts set number = 'DEL-1999-001' where id = ${published.id}`)).toBe(frozenAct);
			expect(await refusal(sql`update acts set text = 'Texte modifié', signatory_name = 'Autre' where id = ${published.id}`)).toBe(frozenAct);
			expect(await refusal(sql`update acts set published_at = now() + interval '1 day' where id = ${published.id}`)).toBe(frozenAct);
			expect(await refusal(sql`delete from acts where id = ${published.id}`)).toBe('acts are part of the official register: DELETE refused');
			expect((await findAct(db, published.id))!.files.find((f) => f.kind === 'pdf')).toEqual(pdf);
			// What ON DELETE SET NULL does when a space or an account is deleted stays possible.
			expect(await refusal(sql`update acts set space_id = null, adopted_by = null where id = ${published.id}`)).toBe('accepted');
			expect(await refusal(sql`update acts set space_id = ${published.organisationId} where id = ${published.id}`)).toBe(frozenAct);

			// The legitimate flows: adopt (scheduled), announce, correct, withdraw — and withdrawal is final.
			const [orgadmin] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'orgadmin@parvis.example'));
			const actor = await loadActor(db, { id: orgadmin.id, isPlatformAdmin: false });
			const [version] = await db
				.select({ id: documentVersions.id })
				.from(documentVersions)
				.innerJoin(documents, eq(documents.id, documentVersions.documentId))
				.where(eq(documents.title, 'Projet de délibération — Budget participatif 2027'));
			const now = new Date();
			const input = { version_id: version.id, type: 'deliberation' as const, adopted_on: now.toISOString().slice(0, 10), signatory_name: 'Claire Le Goff', signatory_title: 'Maire', subject: 'Budget participatif 2027', attachments: [] };
			const scheduled = await adoptAct(db, actor, { ...input, publish_at: new Date(now.getTime() + 86_400_000).toISOString() }, now);
			await announceScheduledAct(db, scheduled.act.id, new Date(now.getTime() + 2 * 86_400_000));
			expect((await findAct(db, scheduled.act.id))!.act.announcedAt).not.toBeNull();
			expect(await refusal(sql`update acts set announced_at = null where id = ${scheduled.act.id}`)).toBe(`act ${scheduled.act.number} is frozen: only its announcement and its withdrawal may be recorded`);
			const correction = await adoptAct(db, actor, { ...input, corrects: published.id }, now);
			expect(correction.corrects).toEqual({ id: published.id, number: published.number });
			await withdrawAct(db, actor, published.id, 'Remplacé par une version rectifiée', new Date(now.getTime() + 70 * 86_400_000));
			expect((await findAct(db, published.id))!.act.withdrawalReason).toBe('Remplacé par une version rectifiée');
			expect(await refusal(sql`update acts set withdrawn_at = null, withdrawal_reason = null where id = ${published.id}`)).toBe(frozenAct);
		} finally {
			await demo.close();
		}
	});
});
