/**
 * Parvis as an Open311 GeoReport v2 server, on both engines, through HTTP only: discovery,
 * services (JSON and XML), requests created form-encoded by another server (no Origin) with a
 * personal API token as `api_key`, listed with the standard filters, tokens; the standard's error
 * bodies (unknown service, missing key, bad coordinates, jurisdiction mismatch) and the fallback
 * rule outside every territory. Then two Parvis servers on two databases: the first forwards a
 * report to the second's Open311 endpoint through its own Open311 connector, and the second's
 * agent's status change comes back by polling; a form-encoded pushed update is applied while a
 * cross-site form post to a cookie-authenticated page is still refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '#lib/features/accounts/server/api-tokens.js';
import type { TerritoryGeometry } from '#lib/features/organisations/schema.js';
import { boundingBox } from '#lib/features/organisations/server/organisations.js';
import type { Db } from '#lib/server/db/client.js';
import { memberships, organisations, users } from '#lib/server/db/schema.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

type Person = { id: string; email: string } & SignedIn;
const box = (west: number, south: number, east: number, north: number): TerritoryGeometry => ({
	type: 'Polygon',
	coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]]
});
const TOWN = box(-2.8, 47.6, -2.7, 47.7);
const COUNTY = box(-3.5, 47.2, -2.2, 48.1);
const IN_TOWN = { lat: '47.65', long: '-2.75' };
const IN_COUNTY_ONLY = { lat: '47.3', long: '-3.3' };
const AT_SEA = { lat: '45.0', long: '-6.0' };

interface Portal {
	server: TestServer;
	slug: Record<string, string>;
	people: Record<string, Person>;
	/** A personal API token of `people.app`: what a citizen app uses as `api_key`. */
	appToken: string;
}

/** A portal with a town inside a county, a fallback organisation, an agent and admin for each, and an app's user. */
async function startPortal(label: string, env: Record<string, string> = {}): Promise<Portal> {
	const unique = `${label}${Math.random().toString(36).slice(2, 7)}`;
	const slug: Record<string, string> = {};
	const people: Record<string, Person> = {};
	let appToken = '';
	const prepare = async (db: Db) => {
		const ids: Record<string, string> = {};
		for (const [key, name, territory] of [['town', `Ville ${label}`, TOWN], ['county', `Département ${label}`, COUNTY], ['platform', `Plateforme ${label}`, null]] as const) {
			const [row] = await db
				.insert(organisations)
				.values({ slug: `${key}-${unique}`, name, kind: key === 'town' ? 'town' : key === 'county' ? 'department' : 'association', ...(territory ? { territory, ...boundingBox(territory) } : {}) })
				.returning();
			ids[key] = row.id;
			slug[key] = row.slug;
		}
		const list: { key: string; id: string; email: string }[] = [];
		for (const [key, org, role, isPlatformAdmin] of [
			['admin', null, null, true],
			['townAgent', 'town', 'agent', false],
			['townAdmin', 'town', 'admin', false],
			['countyAdmin', 'county', 'admin', false],
			['citizen', null, null, false],
			['app', null, null, false]
		] as const) {
			const email = `${key.toLowerCase()}.${unique}@test.parvis.example`;
			const [user] = await db.insert(users).values({ email, displayName: key, passwordHash: 'unused', emailVerifiedAt: new Date(), isPlatformAdmin }).returning({ id: users.id });
			if (org && role) await db.insert(memberships).values({ organisationId: ids[org], userId: user.id, role });
			list.push({ key, id: user.id, email });
		}
		for (const person of await openSessions(db, list)) people[person.key] = person;
		appToken = (await createApiToken(db, people.app.id, { name: 'Appli citoyenne', days: 30 })).token;
	};
	const server = await startServer({ prepare, env });
	const portal = { server, slug, people, appToken };
	const settings = async (person: Person, key: string, categories: string[], priority: number) => {
		const response = await apiAs(server, person, 'PUT', `/api/v1/issue-reports/organisations/${slug[key]}/settings`, { categories, priority, allow_anonymous: true });
		expect(response.status, JSON.stringify(response.body)).toBe(200);
	};
	await settings(people.townAdmin, 'town', ['voirie-signalisation', 'eclairage-public'], 10);
	await settings(people.countyAdmin, 'county', ['voirie-signalisation'], 0);
	expect((await apiAs(server, people.admin, 'PUT', '/api/v1/issue-reports/fallback', { organisation: slug.platform })).status).toBe(200);
	return portal;
}

/** What another server sends: form-encoded, no Origin, no cookie. */
const postForm = (server: TestServer, path: string, fields: Record<string, string>) =>
	fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const getJson = async (server: TestServer, path: string) => {
	const response = await fetch(`${server.url}${path}`);
	return { status: response.status, headers: response.headers, type: response.headers.get('content-type'), body: await response.json() };
};

let city: Portal;
let portal: Portal;
beforeAll(async () => {
	// One after the other: two servers starting at once on a busy machine may miss the start-up timeout.
	city = await startPortal('Ville');
	portal = await startPortal('Portail', { OPEN311_POLL_MS: '300' });
}, 120_000);
afterAll(async () => {
	await Promise.all([city?.server.dispose(), portal?.server.dispose()]);
});

const BASE = '/open311/v2';
const newRequest = (fields: Record<string, string> = {}) =>
	postForm(city.server, `${BASE}/requests.json`, {
		api_key: city.appToken,
		service_code: 'nid-de-poule',
		...IN_TOWN,
		description: 'Un trou dans la chaussée devant la poste.',
		...fields
	});

describe('discovery and services', () => {
	it('describes the endpoint and lists leaf categories as services, grouped by their parent', async () => {
		const found = await getJson(city.server, `${BASE}/discovery.json`);
		expect(found.status).toBe(200);
		expect(found.body.endpoints).toEqual([expect.objectContaining({ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${city.server.url}${BASE}`, formats: ['application/json', 'text/xml'] })]);
		expect(found.body.key_service).toContain('jeton d’API personnel');
		// The API's rate limits, and reading open to other sites.
		expect(Number(found.headers.get('ratelimit-remaining'))).toBeGreaterThan(0);
		expect(found.headers.get('access-control-allow-origin')).toBe('*');

		const services = await getJson(city.server, `${BASE}/services.json`);
		expect(services.status).toBe(200);
		expect(services.type).toBe('application/json; charset=utf-8');
		const codes = services.body.map((s: any) => s.service_code);
		expect(codes).toContain('eclairage-public');
		expect(codes).not.toContain('voirie-signalisation');
		expect(services.body.find((s: any) => s.service_code === 'nid-de-poule')).toEqual({
			service_code: 'nid-de-poule',
			service_name: 'Nid-de-poule, chaussée abîmée',
			description: 'Voirie et signalisation — Nid-de-poule, chaussée abîmée',
			metadata: false,
			type: 'realtime',
			keywords: 'voirie-signalisation,nid-de-poule',
			group: 'Voirie et signalisation'
		});
		// An organisation as jurisdiction: only what it is competent for.
		const town = await getJson(city.server, `${BASE}/services.json?jurisdiction_id=${city.slug.town}`);
		expect(town.body.map((s: any) => s.service_code).sort()).toEqual(['eclairage-public', 'feux-tricolores', 'nid-de-poule', 'panneaux', 'trottoirs']);
		const platform = await getJson(city.server, `${BASE}/services.json?jurisdiction_id=${new URL(city.server.url).host}`);
		expect(platform.body).toHaveLength(services.body.length);

		const xml = await fetch(`${city.server.url}${BASE}/services.xml`);
		expect(xml.headers.get('content-type')).toBe('text/xml; charset=utf-8');
		const text = await xml.text();
		expect(text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<services><service><service_code>/);
		expect(text).toContain('<service_code>nid-de-poule</service_code><service_name>Nid-de-poule, chaussée abîmée</service_name>');

		expect((await getJson(city.server, `${BASE}/services/nid-de-poule.json`)).body).toEqual({ service_code: 'nid-de-poule', attributes: [] });
	});

	it('answers unknown services, jurisdictions and formats with the standard’s error body', async () => {
		const unknownService = await getJson(city.server, `${BASE}/services/ovni.json`);
		expect(unknownService).toMatchObject({ status: 404, body: [{ code: 404, description: 'service_code inconnu : « ovni ».' }] });
		const unknownJurisdiction = await getJson(city.server, `${BASE}/services.json?jurisdiction_id=atlantide`);
		expect(unknownJurisdiction).toMatchObject({ status: 404, body: [{ code: 404, description: 'jurisdiction_id inconnu : « atlantide ».' }] });
		expect(await getJson(city.server, `${BASE}/services.csv`)).toMatchObject({ status: 404, body: [{ code: 404, description: 'Format inconnu : utilisez .json ou .xml.' }] });
		expect(await getJson(city.server, `${BASE}/nulle-part.json`)).toMatchObject({ status: 404, body: [{ code: 404, description: 'Aucune ressource Open311 à cette adresse.' }] });
		const xml = await fetch(`${city.server.url}${BASE}/requests/pas-un-id.xml`);
		expect(xml.status).toBe(404);
		expect(await xml.text()).toContain('<errors><error><code>404</code><description>Signalement introuvable.</description></error></errors>');
	});
});

describe('service requests', () => {
	it('creates a request from a form-encoded post by another server, as the token’s holder, routed like the portal’s form', async () => {
		const answer = await newRequest({ address_string: '1 place de la Poste', email: 'riverain@example.org', first_name: 'Jeanne', last_name: 'Martin', 'attribute[origine]': 'appli' });
		expect(answer.status).toBe(201);
		const [created] = await answer.json();
		expect(created).toEqual({
			service_request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			token: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/),
			service_notice: `Transmis à : Ville Ville. Code de suivi : ${created.token}.`,
			account_id: null
		});
		const one = await getJson(city.server, `${BASE}/requests/${created.service_request_id}.json`);
		expect(one.status).toBe(200);
		expect(one.body).toEqual([
			{
				service_request_id: created.service_request_id,
				status: 'open',
				status_notes: null,
				service_name: 'Nid-de-poule, chaussée abîmée',
				service_code: 'nid-de-poule',
				description: 'Un trou dans la chaussée devant la poste.',
				agency_responsible: 'Ville Ville',
				service_notice: null,
				requested_datetime: expect.any(String),
				updated_datetime: expect.any(String),
				expected_datetime: null,
				address: '1 place de la Poste',
				address_id: null,
				zipcode: null,
				lat: 47.65,
				long: -2.75,
				media_url: null
			}
		]);
		expect(JSON.stringify(one.body)).not.toContain('riverain@example.org');
		expect((await getJson(city.server, `${BASE}/tokens/${created.token}.json`)).body).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);
		expect((await getJson(city.server, `${BASE}/tokens/ZZZZ-ZZZZ.json`)).status).toBe(404);
		// The same report in the portal's API, with the contact for the town's agents only.
		const staff = await apiAs(city.server, city.people.townAgent, 'GET', `/api/v1/issue-reports/${created.service_request_id}`);
		expect(staff.body).toMatchObject({ organisation: { slug: city.slug.town }, routing: 'competence', contact: { name: 'Jeanne Martin', email: 'riverain@example.org' } });
		// The token's holder follows it: the agent's answer reaches the app's user.
		await apiAs(city.server, city.people.townAgent, 'POST', `/api/v1/issue-reports/${created.service_request_id}/status`, { status: 'rejected', public_comment: 'Déjà rebouché.', private_comment: 'Équipe C' });
		const notes = await apiAs(city.server, city.people.app, 'GET', '/api/v1/notifications');
		expect(notes.body.items.some((n: any) => n.kind === 'streetreport.status' && n.payload.url === `/signalements/${created.service_request_id}`)).toBe(true);
		const closed = await getJson(city.server, `${BASE}/requests/${created.service_request_id}.json?extensions=true`);
		expect(closed.body[0]).toMatchObject({ status: 'closed', status_notes: 'Déjà rebouché.', extended_attributes: { parvis_status: 'rejected' } });
		expect(JSON.stringify(closed.body)).not.toContain('Équipe C');

		const xml = await postForm(city.server, `${BASE}/requests.xml`, { api_key: city.appToken, service_code: 'eclairage-public', ...IN_TOWN, description: 'Le lampadaire <clignote> & s’éteint\u0007.' });
		expect(xml.status).toBe(201);
		const xmlId = /^<\?xml[^>]*>\n<service_requests><request><service_request_id>([0-9a-f-]{36})<\/service_request_id><token>/.exec(await xml.text())?.[1];
		const read = await (await fetch(`${city.server.url}${BASE}/requests/${xmlId}.xml`)).text();
		expect(read).toContain('<description>Le lampadaire &lt;clignote&gt; &amp; s’éteint.</description>');
		expect(read).toContain('<status_notes/>');
	});

	it('refuses bad posts with the standard’s error body and writes nothing', async () => {
		const count = async () => (await getJson(city.server, `${BASE}/requests.json`)).body.length;
		const before = await count();
		const apiKeyRefused = 'api_key absente ou invalide : utilisez un jeton d’API personnel (page de profil).';
		const cases: [Record<string, string>, number, string | RegExp][] = [
			[{ api_key: '' }, 403, apiKeyRefused],
			[{ api_key: 'pvs_faux' }, 403, apiKeyRefused],
			[{ service_code: 'ovni' }, 404, 'service_code inconnu : « ovni ».'],
			[{ service_code: '' }, 400, 'service_code obligatoire.'],
			[{ lat: '' }, 400, 'lat et long, ou address_string, sont obligatoires : chaque signalement est placé sur la carte.'],
			[{ lat: '200', long: 'ouest' }, 400, 'lat: Latitude invalide : un nombre entre -90 et 90 est attendu. long: Longitude invalide : un nombre entre -180 et 180 est attendu.'],
			[{ description: 'court' }, 400, /^description: .*10/],
			[{ email: 'pas-une-adresse' }, 400, 'email: Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.'],
			[{ jurisdiction_id: 'atlantide' }, 404, 'jurisdiction_id inconnu : « atlantide ».']
		];
		for (const [fields, status, description] of cases) {
			const response = await newRequest(fields);
			expect(response.status, JSON.stringify(fields)).toBe(status);
			const body = await response.json();
			expect(body, JSON.stringify(fields)).toEqual([{ code: status, description: expect.any(String) }]);
			if (description instanceof RegExp) expect(body[0].description).toMatch(description);
			else expect(body[0].description).toBe(description);
		}
		// The town, not the county, handles potholes there (priority 10): nothing is written.
		const mismatch = await newRequest({ jurisdiction_id: city.slug.county });
		expect(mismatch.status).toBe(400);
		expect(await mismatch.json()).toEqual([{ code: 400, description: `Ce lieu et ce service relèvent de « Ville Ville », pas de la juridiction « ${city.slug.county} ».` }]);
		const json = await fetch(`${city.server.url}${BASE}/requests.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"api_key":' });
		expect(json.status).toBe(400);
		const jsonOutside = await fetch(`${city.server.url}${BASE}/requests.json`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ api_key: city.appToken, service_code: 'nid-de-poule', lat: 47.65, long: 181, description: 'Un trou dans la chaussée devant la poste.' })
		});
		expect(jsonOutside.status).toBe(400);
		expect(await jsonOutside.json()).toEqual([{ code: 400, description: 'long: Longitude invalide : un nombre entre -180 et 180 est attendu.' }]);
		expect(await count()).toBe(before);
		// A browser session is no api_key: the cookie is ignored on this endpoint.
		const withCookie = await clientOf(city.server, city.people.townAgent).request(`${BASE}/requests.json`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ service_code: 'nid-de-poule', ...IN_TOWN, description: 'Un trou dans la chaussée devant la poste.' }).toString()
		});
		expect(withCookie.status).toBe(403);
		expect(await count()).toBe(before);
		// With the right jurisdiction it goes through.
		expect((await newRequest({ jurisdiction_id: city.slug.town })).status).toBe(201);
		expect((await newRequest({ jurisdiction_id: city.slug.county, ...IN_COUNTY_ONLY })).status).toBe(201);
	});

	it('gives a point outside every territory to the fallback organisation', async () => {
		const answer = await newRequest({ ...AT_SEA });
		expect(answer.status).toBe(201);
		const [created] = await answer.json();
		expect(created.service_notice).toBe(`Transmis à : Plateforme Ville. Code de suivi : ${created.token}.`);
		const one = await getJson(city.server, `${BASE}/requests/${created.service_request_id}.json`);
		expect(one.body[0]).toMatchObject({ agency_responsible: 'Plateforme Ville', lat: 45, long: -6 });
		const alerts = await apiAs(city.server, city.people.admin, 'GET', '/api/v1/notifications');
		expect(alerts.body.items.some((n: any) => n.kind === 'streetreport.unrouted' && n.payload.url === `/signalements/${created.service_request_id}`)).toBe(true);
	});

	it('lists requests with the standard filters', async () => {
		const make = async (fields: Record<string, string>) => (await (await newRequest(fields)).json())[0].service_request_id as string;
		const light = await make({ service_code: 'eclairage-public', description: 'Lampadaire éteint rue des Lilas.' });
		const sign = await make({ service_code: 'panneaux', description: 'Panneau stop couché au carrefour.' });
		await apiAs(city.server, city.people.townAgent, 'POST', `/api/v1/issue-reports/${sign}/status`, { status: 'resolved', public_comment: 'Panneau redressé.' });

		const byIds = await getJson(city.server, `${BASE}/requests.json?service_request_id=${light},${sign},pas-un-id&status=closed`);
		expect(byIds.body.map((r: any) => r.service_request_id).sort()).toEqual([light, sign].sort()); // ids override every other filter
		const lights = await getJson(city.server, `${BASE}/requests.json?service_code=eclairage-public`);
		expect(lights.body.length).toBeGreaterThan(0);
		expect(lights.body.every((r: any) => r.service_code === 'eclairage-public')).toBe(true);
		const roads = await getJson(city.server, `${BASE}/requests.json?service_code=voirie-signalisation`);
		expect(roads.body.map((r: any) => r.service_request_id)).toContain(sign); // a group's code takes its services
		const closed = await getJson(city.server, `${BASE}/requests.json?status=closed`);
		expect(closed.body.every((r: any) => r.status === 'closed')).toBe(true);
		expect(closed.body.find((r: any) => r.service_request_id === sign)).toMatchObject({ status_notes: 'Panneau redressé.' });
		const open = await getJson(city.server, `${BASE}/requests.json?status=open`);
		expect(open.body.map((r: any) => r.service_request_id)).toContain(light);
		expect(open.body.map((r: any) => r.service_request_id)).not.toContain(sign);
		const future = new Date(Date.now() + 3_600_000).toISOString();
		expect((await getJson(city.server, `${BASE}/requests.json?start_date=${encodeURIComponent(future)}`)).body).toEqual([]);
		const recent = await getJson(city.server, `${BASE}/requests.json?start_date=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&end_date=${encodeURIComponent(future)}`);
		expect(recent.body.map((r: any) => r.service_request_id)).toEqual(expect.arrayContaining([light, sign]));
		const town = await getJson(city.server, `${BASE}/requests.json?jurisdiction_id=${city.slug.town}`);
		expect(town.body.every((r: any) => r.agency_responsible === 'Ville Ville')).toBe(true);
		expect(await getJson(city.server, `${BASE}/requests.json?start_date=hier`)).toMatchObject({ status: 400, body: [{ code: 400, description: 'start_date : date ISO 8601 attendue.' }] });
		expect(await getJson(city.server, `${BASE}/requests.json?status=perdu`)).toMatchObject({ status: 400, body: [{ code: 400, description: 'status : open ou closed.' }] });
		expect((await getJson(city.server, `${BASE}/requests.json?start_date=${encodeURIComponent(future)}&end_date=2020-01-01`)).status).toBe(400);
		expect(await getJson(city.server, `${BASE}/requests.json?end_date=-100000-01-01T00:00:00Z`)).toMatchObject({ status: 400, body: [{ code: 400, description: 'end_date : date ISO 8601 attendue.' }] });
		const all = await getJson(city.server, `${BASE}/requests.json`);
		expect(JSON.stringify(all.body)).not.toContain('@');
		expect(all.body.length).toBeGreaterThan(4);
	});
});

describe('Parvis to Parvis', () => {
	it('forwards a report to another Parvis over Open311 and brings its statuses back', async () => {
		const connector = await apiAs(portal.server, portal.people.countyAdmin, 'PUT', `/api/v1/issue-reports/organisations/${portal.slug.county}/connectors`, {
			kind: 'open311',
			url: `${city.server.url}${BASE}`,
			api_key: city.appToken,
			jurisdiction_id: city.slug.town
		});
		expect(connector.status, JSON.stringify(connector.body)).toBe(200);
		// On the portal the county handles roads in the town (the portal's town has no roads competence).
		expect((await apiAs(portal.server, portal.people.townAdmin, 'PUT', `/api/v1/issue-reports/organisations/${portal.slug.town}/settings`, { categories: ['eclairage-public'], priority: 10 })).status).toBe(200);
		const created = await apiAs(portal.server, portal.people.citizen, 'POST', '/api/v1/issue-reports', {
			category: 'feux-tricolores',
			latitude: Number(IN_TOWN.lat),
			longitude: Number(IN_TOWN.long),
			description: 'Le feu du carrefour de la mairie reste éteint.'
		});
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		expect(created.body.organisation.slug).toBe(portal.slug.county);
		const id = created.body.id;

		// Created on the city's Parvis, routed there to its town, its id kept on the portal.
		const forwarded = await waitUntil('forwarded', async () => {
			const view = await apiAs(portal.server, portal.people.countyAdmin, 'GET', `/api/v1/issue-reports/organisations/${portal.slug.county}/forwardings`);
			expect(view.status).toBe(200);
			const list = await getJson(city.server, `${BASE}/requests.json?service_code=feux-tricolores`);
			const there = list.body.find((r: any) => r.description === 'Le feu du carrefour de la mairie reste éteint.');
			return there && !view.body.items.some((f: any) => f.report_id === id) ? there : undefined;
		});
		expect(forwarded).toMatchObject({ status: 'open', agency_responsible: 'Ville Ville', lat: 47.65, long: -2.75 });
		const remoteId: string = forwarded.service_request_id;
		const remote = await apiAs(city.server, city.people.townAgent, 'GET', `/api/v1/issue-reports/${remoteId}`);
		expect(remote.body).toMatchObject({ routing: 'competence', organisation: { slug: city.slug.town } });

		// The city's agent works on it: the portal hears of it by polling.
		expect((await apiAs(city.server, city.people.townAgent, 'POST', `/api/v1/issue-reports/${remoteId}/status`, { status: 'in_progress', public_comment: 'Technicien envoyé.' })).status).toBe(200);
		const polled = await waitUntil('status polled back', async () => {
			const view = await apiAs(portal.server, undefined, 'GET', `/api/v1/issue-reports/${id}`);
			return view.body.status === 'in_progress' ? view.body : undefined;
		});
		expect(polled.history.at(-1)).toMatchObject({ type: 'status', status: 'in_progress', public_comment: 'Technicien envoyé.', source: 'open311' });

		// A back office pushing form-encoded, without Origin: applied once.
		const update = { api_key: city.appToken, service_request_id: remoteId, update_id: 'maj-42', status: 'FIXED', description: 'Feu réparé.', updated_datetime: new Date().toISOString() };
		for (let i = 0; i < 2; i++) {
			const pushed = await postForm(portal.server, '/api/v1/issue-reports/open311/servicerequestupdates', update);
			expect(pushed.status).toBe(200);
			expect(await pushed.json()).toEqual([{ update_id: 'maj-42' }]);
		}
		const view = await apiAs(portal.server, undefined, 'GET', `/api/v1/issue-reports/${id}`);
		expect(view.body.status).toBe('resolved');
		expect(view.body.history.filter((e: any) => e.public_comment === 'Feu réparé.')).toHaveLength(1);
		const wrongKey = await postForm(portal.server, '/api/v1/issue-reports/open311/servicerequestupdates', { ...update, api_key: 'autre' });
		expect(wrongKey.status).toBe(403);
	});

	it('still refuses cross-site form posts to cookie-authenticated pages', async () => {
		const form = { category: 'eclairage-public', latitude: IN_TOWN.lat, longitude: IN_TOWN.long, description: 'Un lampadaire tombé sur le trottoir.' };
		const citizen = clientOf(portal.server, portal.people.citizen);
		const crossSite = await citizen.submit('/signalements/nouveau', form, { origin: 'https://attaquant.example' });
		const noOrigin = await citizen.request('/signalements/nouveau', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
		for (const refused of [crossSite, { status: noOrigin.status, body: await noOrigin.text() }]) {
			expect(refused.status).toBe(403);
			expect(refused.body).toContain('Cross-site POST form submissions are forbidden');
		}
		// The same page from the same origin is accepted.
		const sameSite = await citizen.submit('/signalements/nouveau', form);
		expect(sameSite.status).toBe(303);
	});
});
