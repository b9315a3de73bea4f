/**
 * Issue reports on both engines, through HTTP only: routing by category and place over
 * overlapping territories (priority, multipolygon with a hole, fallback with an alert to the
 * platform administrators), anonymous reports and their tracking code, anonymous reports refused
 * where the competent body turned them off, agents' status changes and re-routing kept in the
 * history, nearby duplicates, precise 4xx answers; then forwarding to a real local Open311
 * GeoReport v2 endpoint (service down → retried → delivered exactly once; tokens; statuses polled
 * and pushed back, mapped and notified), a signed webhook and an e-mail to an SMTP peer.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TerritoryGeometry } from '#lib/features/organisations/schema.js';
import { boundingBox } from '#lib/features/organisations/server/organisations.js';
import type { Db } from '#lib/server/db/client.js';
import { memberships, organisations, users } from '#lib/server/db/schema.js';
import { verifyWebhook } from '#lib/server/webhooks/standard-webhooks.js';
import { startOpen311Server, type Open311Server } from '../support/open311-server.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';
import { startSmtpServer, type SmtpMailbox } from '../support/smtp.js';
import { waitUntil } from '../support/wait.js';

type P = { id: string; email: string } & SignedIn;
const square = (west: number, south: number, east: number, north: number) => [
	[west, south], [east, south], [east, north], [west, north], [west, south]
];
/** The department: mainland with a hole (another body's enclave) and an island. */
const departmentTerritory: TerritoryGeometry = {
	type: 'MultiPolygon',
	coordinates: [[square(-3.5, 47.3, -2.5, 48.0), square(-2.62, 47.9, -2.55, 47.95)], [square(-3.25, 47.25, -3.1, 47.29)]]
};
const territories: Record<string, TerritoryGeometry> = {
	ville: { type: 'Polygon', coordinates: [square(-3.02, 47.64, -2.94, 47.7)] },
	interco: { type: 'Polygon', coordinates: [square(-3.2, 47.5, -2.85, 47.75)] },
	departement: departmentTerritory,
	voisine: { type: 'Polygon', coordinates: [square(-2.81, 47.62, -2.71, 47.68)] }
};
const names: Record<string, string> = {
	ville: 'Ville d’Essai',
	interco: 'Communauté d’Essai',
	departement: 'Département d’Essai',
	voisine: 'Ville Voisine',
	plateforme: 'Plateforme d’Essai'
};
const IN_TOWN = { latitude: 47.668, longitude: -2.981 };
const IN_INTERCO_ONLY = { latitude: 47.55, longitude: -3.1 };
const IN_DEPARTMENT_ONLY = { latitude: 47.8, longitude: -3.4 };
const ON_ISLAND = { latitude: 47.27, longitude: -3.18 };
const IN_HOLE = { latitude: 47.92, longitude: -2.58 };
const AT_SEA = { latitude: 46.5, longitude: -5.2 };

let server: TestServer;
let open311: Open311Server;
let smtp: SmtpMailbox;
let hooks: { url: string; received: { headers: IncomingMessage['headers']; body: string }[]; close(): Promise<void> };
const slug: Record<string, string> = {};
let people: Record<'platformAdmin' | 'townAdmin' | 'townAgent' | 'departmentAgent' | 'departmentAdmin' | 'citizen' | 'neighbour', P>;

async function prepare(db: Db) {
	const unique = Math.random().toString(36).slice(2, 8);
	const orgIds: Record<string, string> = {};
	for (const [key, kind] of [['ville', 'town'], ['interco', 'intercommunality'], ['departement', 'department'], ['voisine', 'town'], ['plateforme', 'association']] as const) {
		const territory = territories[key];
		const [row] = await db
			.insert(organisations)
			.values({ slug: `${key}-${unique}`, name: names[key], kind, ...(territory ? { territory, ...boundingBox(territory) } : {}) })
			.returning({ id: organisations.id, slug: organisations.slug });
		orgIds[key] = row.id;
		slug[key] = row.slug;
	}
	const person = async (label: string, roles: [string, 'agent' | 'admin'][] = [], isPlatformAdmin = false) => {
		const email = `${label}.${unique}@test.parvis.example`;
		const [user] = await db
			.insert(users)
			.values({ email, displayName: label, passwordHash: 'unused', emailVerifiedAt: new Date(), isPlatformAdmin })
			.returning({ id: users.id });
		for (const [org, role] of roles) await db.insert(memberships).values({ organisationId: orgIds[org], userId: user.id, role });
		return { id: user.id, email };
	};
	const list = [
		await person('plateforme', [], true),
		await person('admin-ville', [['ville', 'admin']]),
		await person('agent-ville', [['ville', 'agent']]),
		await person('agent-departement', [['departement', 'agent']]),
		await person('admin-departement', [['departement', 'admin']]),
		await person('citoyenne'),
		await person('voisin')
	];
	const [platformAdmin, townAdmin, townAgent, departmentAgent, departmentAdmin, citizen, neighbour] = await openSessions(db, list);
	people = { platformAdmin, townAdmin, townAgent, departmentAgent, departmentAdmin, citizen, neighbour };
}

async function startWebhookReceiver() {
	const received: { headers: IncomingMessage['headers']; body: string }[] = [];
	const receiver = createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
		res.writeHead(204).end();
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/parvis`,
		received,
		close: () => new Promise<void>((resolve) => receiver.close(() => resolve()))
	};
}

const WEBHOOK_SECRET = 'whsec_' + Buffer.from('un-secret-de-trente-deux-octets!!').toString('base64');

beforeAll(async () => {
	[open311, smtp, hooks] = await Promise.all([startOpen311Server(), startSmtpServer(), startWebhookReceiver()]);
	server = await startServer({ prepare, env: { SMTP_URL: smtp.url, OPEN311_POLL_MS: '300' } });
	const configure = async (person: P, key: string, body: unknown) => {
		const response = await api(person, 'PUT', `/api/v1/issue-reports/organisations/${slug[key]}/settings`, body);
		expect(response.status, JSON.stringify(response.body)).toBe(200);
	};
	await configure(people.townAdmin, 'ville', { categories: ['dechets-proprete', 'encombrants', 'eclairage-public', 'trottoirs'], priority: 10, allow_anonymous: true });
	await configure(people.platformAdmin, 'interco', { categories: ['dechets-proprete', 'encombrants'], priority: 5 });
	await configure(people.departmentAdmin, 'departement', { categories: ['voirie-signalisation'], priority: 0, allow_anonymous: false });
	const fallback = await api(people.platformAdmin, 'PUT', '/api/v1/issue-reports/fallback', { organisation: slug.plateforme });
	expect(fallback.status).toBe(200);
}, 120_000);
afterAll(async () => {
	await server?.dispose();
	await Promise.all([open311?.close(), smtp?.close(), hooks?.close()]);
});

const api = <T = any>(person: P | undefined, method: string, path: string, body?: unknown) => apiAs<T>(server, person, method, path, body);
const report = (person: P | undefined, fields: Record<string, unknown>) =>
	api(person, 'POST', '/api/v1/issue-reports', { description: 'Un problème sur la voie publique, merci de regarder.', ...fields });

describe('routing', () => {
	it('sends each report to the body competent for its category at its place', async () => {
		const cases: [string, { latitude: number; longitude: number }, string][] = [
			['encombrants', IN_TOWN, 'ville'], // the town, through its competence for the parent category
			['encombrants', IN_INTERCO_ONLY, 'interco'],
			['feux-tricolores', IN_TOWN, 'departement'],
			['trottoirs', IN_TOWN, 'ville'], // town (priority 10) over department (0)
			['trottoirs', IN_DEPARTMENT_ONLY, 'departement'],
			['nid-de-poule', ON_ISLAND, 'departement'] // second polygon of the multipolygon
		];
		for (const [category, point, expected] of cases) {
			const created = await report(people.citizen, { category, ...point });
			expect(created.status, `${category} ${JSON.stringify(created.body)}`).toBe(201);
			expect(created.body.organisation, `${category} at ${JSON.stringify(point)}`).toEqual({ slug: slug[expected], name: names[expected] });
			expect(created.body.routing).toBe('competence');
		}
	});

	it('gives what nobody handles to the fallback organisation and alerts the platform administrators', async () => {
		for (const [point, category] of [[AT_SEA, 'encombrants'], [IN_HOLE, 'feux-tricolores'], [IN_TOWN, 'stationnement']] as const) {
			const created = await report(people.citizen, { category, ...point });
			expect(created.status, JSON.stringify(created.body)).toBe(201);
			expect(created.body).toMatchObject({ routing: 'fallback', organisation: { slug: slug.plateforme } });
		}
		const alerts = await api(people.platformAdmin, 'GET', '/api/v1/notifications');
		const unrouted = alerts.body.items.filter((n: any) => n.kind === 'streetreport.unrouted');
		expect(unrouted).toHaveLength(3);
		expect(unrouted[0].payload.url).toMatch(/^\/signalements\/[0-9a-f-]{36}$/);
	});
});

describe('reporting', () => {
	it('takes anonymous reports with a tracking code that finds them again', async () => {
		const created = await report(undefined, { category: 'encombrants', ...IN_TOWN, address: '3 rue du Château, Auray', contact_email: 'anonyme@example.org' });
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		const code: string = created.body.tracking_code;
		expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		expect(created.body.contact).toBeUndefined();
		for (const asTyped of [code, code.toLowerCase(), ` ${code} `]) {
			const found = await api(undefined, 'GET', `/api/v1/issue-reports/tracking/${encodeURIComponent(asTyped)}`);
			expect(found.status, asTyped).toBe(200);
			expect(found.body).toMatchObject({ id: created.body.id, tracking_code: code, status: 'received', address: '3 rue du Château, Auray' });
			expect(found.body.history.map((e: any) => e.type)).toEqual(['created']);
		}
		const publicView = await api(undefined, 'GET', `/api/v1/issue-reports/${created.body.id}`);
		expect(publicView.body.tracking_code).toBeUndefined();
		expect(JSON.stringify(publicView.body)).not.toContain('anonyme@example.org');
		expect((await api(undefined, 'GET', '/api/v1/issue-reports/tracking/ZZZZ-ZZZZ')).status).toBe(404);
		const malformed = await api(undefined, 'GET', '/api/v1/issue-reports/tracking/abc');
		expect(malformed.status).toBe(422);
		expect(malformed.body.error.fields.code).toBe('Code de suivi invalide : il a la forme ABCD-1234.');
		// The town's agent sees the contact the anonymous reporter left.
		const staffView = await api(people.townAgent, 'GET', `/api/v1/issue-reports/${created.body.id}`);
		expect(staffView.body.contact.email).toBe('anonyme@example.org');
		// The open-data export has the report, never its contact nor its tracking code.
		const exported = await clientOf(server).request('/opendata/signalements.json');
		expect(exported.status).toBe(200);
		const dump = await exported.text();
		expect(dump).toContain(created.body.id);
		expect(dump).not.toContain('anonyme@example.org');
		expect(dump).not.toContain(code);
	});

	it('refuses anonymous reports where the competent body turned them off, and says who', async () => {
		const refused = await report(undefined, { category: 'nid-de-poule', ...IN_DEPARTMENT_ONLY });
		expect(refused.status).toBe(401);
		expect(refused.body.error.message).toBe('Département d’Essai ne reçoit pas de signalements anonymes : connectez-vous pour signaler ce problème.');
		expect((await report(people.citizen, { category: 'nid-de-poule', ...IN_DEPARTMENT_ONLY })).status).toBe(201);
	});

	it('answers bad input with precise messages, never a half-written report', async () => {
		const before = (await api(undefined, 'GET', '/api/v1/issue-reports?limit=100')).body.items.length;
		const bad = await api(people.citizen, 'POST', '/api/v1/issue-reports', { category: '', latitude: 200, longitude: 'ouest', description: 'court', contact_email: 'pas-une-adresse' });
		expect(bad.status).toBe(422);
		expect(bad.body.error.fields).toEqual({
			category: 'Ce champ est obligatoire.',
			latitude: 'Latitude invalide : un nombre entre -90 et 90 est attendu.',
			longitude: 'Longitude invalide : un nombre entre -180 et 180 est attendu.',
			description: expect.stringMatching(/10/),
			contact_email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.'
		});
		const unknown = await report(people.citizen, { category: 'ovni', ...IN_TOWN });
		expect(unknown.status).toBe(422);
		expect(unknown.body.error.fields.category).toBe('Catégorie inconnue : choisissez-en une dans la liste.');
		const huge = await report(people.citizen, { category: 'encombrants', ...IN_TOWN, description: 'x'.repeat(5_001) });
		expect(huge.status).toBe(422);
		expect(huge.body.error.fields.description).toMatch(/5000/);
		const notJson = await clientOf(server).api('POST', '/api/v1/issue-reports', { rawBody: '{"category":', headers: { 'content-type': 'application/json' } });
		expect(notJson.status).toBe(400);
		expect((await api(undefined, 'GET', '/api/v1/issue-reports?limit=100')).body.items.length).toBe(before);
	});

	it('lists open reports of the same category nearby, to follow instead of duplicating', async () => {
		const here = { latitude: 47.6601, longitude: -2.9601 };
		const first = await report(people.citizen, { category: 'eclairage-public', ...here, description: 'Le lampadaire devant la boulangerie est éteint.' });
		const far = await report(people.citizen, { category: 'eclairage-public', latitude: 47.69, longitude: -2.99 });
		const other = await report(people.citizen, { category: 'encombrants', ...here });
		const nearby = await api(undefined, 'GET', `/api/v1/issue-reports/nearby?category=eclairage-public&latitude=47.6602&longitude=-2.9603`);
		expect(nearby.status).toBe(200);
		const ids = nearby.body.items.map((r: any) => r.id);
		expect(ids).toContain(first.body.id);
		expect(ids).not.toContain(far.body.id);
		expect(ids).not.toContain(other.body.id);
		expect(nearby.body.items.find((r: any) => r.id === first.body.id).distance_m).toBeLessThanOrEqual(50);
		// Following it instead: the neighbour hears of its status changes.
		expect((await api(people.neighbour, 'POST', `/api/v1/issue-reports/${first.body.id}/follow`)).status).toBe(204);
		const done = await api(people.townAgent, 'POST', `/api/v1/issue-reports/${first.body.id}/status`, { status: 'resolved', public_comment: 'Ampoule changée.' });
		expect(done.status).toBe(200);
		const notes = await api(people.neighbour, 'GET', '/api/v1/notifications');
		expect(notes.body.items.some((n: any) => n.kind === 'streetreport.status' && n.payload.comment === 'Ampoule changée.')).toBe(true);
		const after = await api(undefined, 'GET', `/api/v1/issue-reports/nearby?category=eclairage-public&latitude=47.6602&longitude=-2.9603`);
		expect(after.body.items.map((r: any) => r.id)).not.toContain(first.body.id);
		expect((await api(undefined, 'GET', '/api/v1/issue-reports/nearby?category=eclairage-public&latitude=91&longitude=0')).status).toBe(422);
	});
});

describe('processing', () => {
	it('lets the competent body’s agents change the status with public and private comments; the reporter is told', async () => {
		const created = await report(people.citizen, { category: 'encombrants', ...IN_TOWN });
		const id = created.body.id;
		const change = { status: 'in_progress', public_comment: 'Enlèvement prévu jeudi.', private_comment: 'Équipe B' };
		expect((await api(people.citizen, 'POST', `/api/v1/issue-reports/${id}/status`, change)).status).toBe(403);
		expect((await api(people.departmentAgent, 'POST', `/api/v1/issue-reports/${id}/status`, change)).status).toBe(403);
		expect((await api(people.townAdmin, 'POST', `/api/v1/issue-reports/${id}/status`, change)).status).toBe(403);
		expect((await api(undefined, 'POST', `/api/v1/issue-reports/${id}/status`, change)).status).toBe(401);
		const bad = await api(people.townAgent, 'POST', `/api/v1/issue-reports/${id}/status`, { status: 'oublié' });
		expect(bad.status).toBe(422);
		expect(Object.keys(bad.body.error.fields)).toEqual(['status']);
		const done = await api(people.townAgent, 'POST', `/api/v1/issue-reports/${id}/status`, change);
		expect(done.status, JSON.stringify(done.body)).toBe(200);
		expect(done.body.status).toBe('in_progress');
		const publicView = await api(undefined, 'GET', `/api/v1/issue-reports/${id}`);
		expect(publicView.body.history.at(-1)).toMatchObject({ type: 'status', status: 'in_progress', public_comment: 'Enlèvement prévu jeudi.' });
		expect(JSON.stringify(publicView.body)).not.toContain('Équipe B');
		const notes = await api(people.citizen, 'GET', '/api/v1/notifications');
		expect(notes.body.items.find((n: any) => n.kind === 'streetreport.status' && n.payload.url === `/signalements/${id}`)).toBeTruthy();
	});

	it('e-mails an anonymous reporter who left an address', async () => {
		const created = await report(undefined, { category: 'encombrants', ...IN_TOWN, contact_email: 'passant@example.org' });
		await api(people.townAgent, 'POST', `/api/v1/issue-reports/${created.body.id}/status`, { status: 'resolved', public_comment: 'Enlevé ce matin.' });
		const mail = await smtp.waitFor((m) => m.to.includes('passant@example.org'));
		expect(mail.subject).toBe(`Votre signalement ${created.body.tracking_code} : Résolu`);
		expect(mail.text).toContain('Enlevé ce matin.');
	});

	it('re-routes to another body of the same territory with a reason kept in the history', async () => {
		const created = await report(people.citizen, { category: 'encombrants', ...IN_TOWN });
		const id = created.body.id;
		const noReason = await api(people.townAgent, 'POST', `/api/v1/issue-reports/${id}/reroute`, { organisation: slug.interco, reason: '' });
		expect(noReason.status).toBe(422);
		expect(Object.keys(noReason.body.error.fields)).toEqual(['reason']);
		const elsewhere = await api(people.townAgent, 'POST', `/api/v1/issue-reports/${id}/reroute`, { organisation: slug.voisine, reason: 'Mauvaise commune' });
		expect(elsewhere.status).toBe(422);
		expect(elsewhere.body.error.fields.organisation).toBe("Le lieu du signalement n'est pas sur le territoire de cet organisme.");
		expect((await api(people.departmentAgent, 'POST', `/api/v1/issue-reports/${id}/reroute`, { organisation: slug.interco, reason: 'Pas chez nous' })).status).toBe(403);
		const moved = await api(people.townAgent, 'POST', `/api/v1/issue-reports/${id}/reroute`, { organisation: slug.interco, reason: 'La collecte des encombrants est intercommunale.' });
		expect(moved.status, JSON.stringify(moved.body)).toBe(200);
		expect(moved.body).toMatchObject({ routing: 'rerouted', organisation: { slug: slug.interco } });
		expect(moved.body.history.at(-1)).toMatchObject({
			type: 'rerouted',
			organisation: names.interco,
			from_organisation: names.ville,
			public_comment: 'La collecte des encombrants est intercommunale.'
		});
		// The town no longer handles it.
		expect((await api(people.townAgent, 'POST', `/api/v1/issue-reports/${id}/status`, { status: 'resolved' })).status).toBe(403);
		const notes = await api(people.citizen, 'GET', '/api/v1/notifications');
		expect(notes.body.items.some((n: any) => n.kind === 'streetreport.rerouted' && n.payload.url === `/signalements/${id}`)).toBe(true);
	});

	it('lists reports by organisation, category and status, page by page', async () => {
		const all: string[] = [];
		let cursor: string | null = null;
		do {
			const page: any = await api(undefined, 'GET', `/api/v1/issue-reports?organisation=${slug.ville}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
			expect(page.status).toBe(200);
			expect(page.body.items.length).toBeLessThanOrEqual(2);
			for (const item of page.body.items) expect(item.organisation.slug).toBe(slug.ville);
			all.push(...page.body.items.map((r: any) => r.id));
			cursor = page.body.next_cursor;
		} while (cursor);
		expect(new Set(all).size).toBe(all.length);
		expect(all.length).toBeGreaterThan(4);
		const resolved = await api(undefined, 'GET', `/api/v1/issue-reports?organisation=${slug.ville}&status=resolved&category=dechets-proprete`);
		expect(resolved.body.items.length).toBeGreaterThan(0);
		for (const item of resolved.body.items) expect(item).toMatchObject({ status: 'resolved', category: { slug: 'encombrants' } });
		expect((await api(undefined, 'GET', '/api/v1/issue-reports?cursor=n-importe-quoi')).status).toBe(422);
		const categories = await api(undefined, 'GET', '/api/v1/issue-reports/categories');
		expect(categories.body.items.filter((c: any) => c.parent === null).map((c: any) => c.slug)).toHaveLength(12);
		expect(categories.body.items.find((c: any) => c.slug === 'nid-de-poule')).toMatchObject({ parent: 'voirie-signalisation', name: 'Nid-de-poule, chaussée abîmée' });
	});
});

describe('forwarding', () => {
	const forwardings = (person: P, key: string) => api(person, 'GET', `/api/v1/issue-reports/organisations/${slug[key]}/forwardings`);

	it('retries an Open311 service that is down and delivers exactly once', async () => {
		const saved = await api(people.departmentAdmin, 'PUT', `/api/v1/issue-reports/organisations/${slug.departement}/connectors`, {
			kind: 'open311', url: open311.url, api_key: open311.apiKey, jurisdiction_id: 'essai.fr'
		});
		expect(saved.status, JSON.stringify(saved.body)).toBe(200);
		expect(saved.body).toMatchObject({ kind: 'open311', has_api_key: true });
		expect(JSON.stringify(saved.body)).not.toContain(open311.apiKey);
		expect((await api(people.departmentAgent, 'GET', `/api/v1/issue-reports/organisations/${slug.departement}/connectors`)).status).toBe(403);

		open311.failNextPosts(2);
		const created = await report(people.citizen, { category: 'feux-tricolores', ...IN_TOWN, description: 'Le feu du carrefour reste au rouge.' });
		const failing = await waitUntil('first failure recorded', async () => {
			const list = await forwardings(people.departmentAdmin, 'departement');
			return list.body.items.find((f: any) => f.report_id === created.body.id && f.last_error);
		});
		expect(failing).toMatchObject({ status: 'pending', attempts: 1, connector: 'open311', last_error: 'HTTP 503: 503 Service temporarily unavailable' });
		// FixMyStreet's schedule: the next try comes 5 minutes later.
		expect(Date.parse(failing.next_attempt_at) - Date.now()).toBeGreaterThan(4 * 60_000);
		expect((await forwardings(people.departmentAgent, 'departement')).status).toBe(403);

		for (const expected of [2, 3]) {
			expect((await api(people.departmentAdmin, 'POST', `/api/v1/issue-reports/forwardings/${failing.id}/retry`)).status).toBe(202);
			await waitUntil(`attempt ${expected}`, async () => (open311.postAttempts >= expected ? true : undefined));
		}
		const sent = await waitUntil('forwarded', async () => {
			const view = await api(people.departmentAgent, 'GET', `/api/v1/issue-reports/${created.body.id}`);
			return view.body.history.find((e: any) => e.type === 'forwarded') ? view.body : undefined;
		});
		const made = open311.requests.filter((r) => r.attributes.parvis_id === created.body.id);
		expect(made).toHaveLength(1);
		expect(made[0]).toMatchObject({ service_code: 'feux-tricolores', lat: IN_TOWN.latitude, long: IN_TOWN.longitude, description: 'Le feu du carrefour reste au rouge.' });
		expect(sent.history.find((e: any) => e.type === 'forwarded').private_comment).toBe(`service_request_id ${made[0].service_request_id}`);
		expect((await forwardings(people.departmentAdmin, 'departement')).body.items.find((f: any) => f.id === failing.id)).toBeUndefined();
		// Asking again sends nothing: the forwarding is done.
		const again = await api(people.departmentAdmin, 'POST', `/api/v1/issue-reports/forwardings/${failing.id}/retry`);
		expect(again.status).toBe(409);
		expect(again.body.error.message).toBe('Ce signalement a déjà été transmis.');
		expect(open311.requests.filter((r) => r.attributes.parvis_id === created.body.id)).toHaveLength(1);
		expect(open311.postAttempts).toBe(3);
	});

	it('resolves a token answer, then brings statuses back by polling and by push', async () => {
		open311.useTokens(1);
		const created = await report(people.citizen, { category: 'nid-de-poule', ...IN_DEPARTMENT_ONLY, description: 'Un trou profond devant l’école.' });
		const id = created.body.id;
		const forwarded = await waitUntil('token resolved', async () => {
			const view = await api(people.departmentAgent, 'GET', `/api/v1/issue-reports/${id}`);
			return view.body.history.find((e: any) => e.type === 'forwarded');
		});
		const request = open311.requests.find((r) => r.attributes.parvis_id === id)!;
		expect(request.token).toBe(`tok-${request.service_request_id}`);
		expect(forwarded.private_comment).toBe(`service_request_id ${request.service_request_id}`);

		const push = (body: Record<string, string>) =>
			clientOf(server).request('/api/v1/issue-reports/open311/servicerequestupdates', {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(body)
			});
		const update = { api_key: open311.apiKey, service_request_id: request.service_request_id, update_id: 'maj-1', status: 'IN_PROGRESS', description: 'Équipe envoyée.', updated_datetime: new Date().toISOString() };
		expect((await push({ ...update, api_key: 'mauvaise-cle' })).status).toBe(403);
		for (let i = 0; i < 2; i++) {
			const answer = await push(update);
			expect(answer.status).toBe(200);
			expect(await answer.json()).toEqual([{ update_id: 'maj-1' }]);
		}
		let view = await api(undefined, 'GET', `/api/v1/issue-reports/${id}`);
		expect(view.body.status).toBe('in_progress');
		expect(view.body.history.filter((e: any) => e.type === 'status')).toEqual([expect.objectContaining({ status: 'in_progress', public_comment: 'Équipe envoyée.', source: 'open311' })]);

		open311.setStatus(request.service_request_id, 'closed', 'Trou rebouché le 3 décembre.');
		view = await waitUntil('polled status', async () => {
			const v = await api(undefined, 'GET', `/api/v1/issue-reports/${id}`);
			return v.body.status === 'resolved' ? v : undefined;
		});
		expect(view.body.history.at(-1)).toMatchObject({ type: 'status', status: 'resolved', public_comment: 'Trou rebouché le 3 décembre.', source: 'open311' });
		const notes = await api(people.citizen, 'GET', '/api/v1/notifications');
		expect(notes.body.items.filter((n: any) => n.kind === 'streetreport.status' && n.payload.url === `/signalements/${id}`)).toHaveLength(2);
	});

	it('signs webhook forwardings (Standard Webhooks) and e-mails a service address', async () => {
		const webhook = await api(people.townAdmin, 'PUT', `/api/v1/issue-reports/organisations/${slug.ville}/connectors`, {
			kind: 'webhook', category: 'eclairage-public', url: hooks.url, secret: WEBHOOK_SECRET
		});
		expect(webhook.status, JSON.stringify(webhook.body)).toBe(200);
		const badSecret = await api(people.townAdmin, 'PUT', `/api/v1/issue-reports/organisations/${slug.ville}/connectors`, { kind: 'webhook', url: hooks.url, secret: 'abc' });
		expect(badSecret.status).toBe(422);
		expect(badSecret.body.error.fields.secret).toBe('Secret au format whsec_… (Standard Webhooks) obligatoire.');
		const mail = await api(people.townAdmin, 'PUT', `/api/v1/issue-reports/organisations/${slug.ville}/connectors`, { kind: 'email', email: 'services-techniques@ville.example' });
		expect(mail.status).toBe(200);

		const light = await report(people.citizen, { category: 'eclairage-public', latitude: 47.65, longitude: -2.99 });
		const bulky = await report(people.citizen, { category: 'encombrants', latitude: 47.65, longitude: -2.99, description: 'Un canapé sur le trottoir.' });
		const delivery = await waitUntil('webhook', async () => hooks.received.find((h) => JSON.parse(h.body).data.id === light.body.id));
		expect(JSON.parse(delivery.body)).toMatchObject({ type: 'issue_report.created', data: { category: 'eclairage-public', tracking_code: expect.any(String) } });
		expect(
			verifyWebhook(WEBHOOK_SECRET, { id: String(delivery.headers['webhook-id']), timestamp: String(delivery.headers['webhook-timestamp']), signature: String(delivery.headers['webhook-signature']) }, delivery.body)
		).toBe(true);
		const message = await smtp.waitFor((m) => m.to.includes('services-techniques@ville.example'));
		expect(message.subject).toContain(bulky.body.tracking_code);
		expect(message.text).toContain('Un canapé sur le trottoir.');
		expect(hooks.received.filter((h) => JSON.parse(h.body).data.id === bulky.body.id)).toHaveLength(0);
	});
});
