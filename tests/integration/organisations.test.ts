import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#lib/server/seed/demo.js';
import { HttpClient } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
	server = await startServer({ flavour: 'demo' });
});
afterAll(async () => {
	await server?.dispose();
});

async function signedIn(email: string) {
	const client = new HttpClient(server);
	await client.logIn(email, DEMO_PASSWORD);
	return client;
}

const square = { type: 'Polygon', coordinates: [[[-3, 47.6], [-2.9, 47.6], [-2.9, 47.7], [-3, 47.7], [-3, 47.6]]] };

describe('territories', () => {
	it('serves the demo territory of Auray as a GeoJSON Feature', async () => {
		const response = await new HttpClient(server).api('GET', '/api/v1/organisations/auray/territory');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
		expect(response.body).toMatchObject({ type: 'Feature', properties: { slug: 'auray' }, geometry: { type: 'Polygon' } });
	});

	it('lets the organisation administrator replace it (a Feature is accepted), and logs it', async () => {
		const orgAdmin = await signedIn('orgadmin@parvis.example');
		const origin = { origin: server.url };
		const saved = await orgAdmin.api('PUT', '/api/v1/organisations/auray/territory', {
			body: { type: 'Feature', properties: {}, geometry: square },
			headers: origin
		});
		expect(saved.status).toBe(204);
		const read = await new HttpClient(server).api('GET', '/api/v1/organisations/auray/territory');
		expect(read.body.geometry).toEqual(square);
		const organisation = await new HttpClient(server).api('GET', '/api/v1/organisations/auray');
		expect(organisation.body.bbox).toEqual([-3, 47.6, -2.9, 47.7]);

		const admin = await signedIn('admin@parvis.example');
		const log = await admin.api('GET', '/api/v1/admin-log?limit=5');
		expect(log.body.items[0]).toMatchObject({ action: 'organisation.territory', target: { type: 'organisation' } });
	});

	it('refuses the agent (agents process reports, they do not configure) and anonymous callers', async () => {
		const agent = await signedIn('agent@parvis.example');
		const refused = await agent.api('PUT', '/api/v1/organisations/auray/territory', { body: square, headers: { origin: server.url } });
		expect(refused.status).toBe(403);
		expect(refused.body.error.code).toBe('forbidden');
		const anonymous = await new HttpClient(server).api('PUT', '/api/v1/organisations/auray/territory', { body: square });
		expect(anonymous.status).toBe(401);
	});

	it('explains what is wrong with an invalid geometry, and keeps the old territory', async () => {
		const orgAdmin = await signedIn('orgadmin@parvis.example');
		const before = await new HttpClient(server).api('GET', '/api/v1/organisations/vannes/territory');
		const orgAdminOfVannes = await orgAdmin.api('PUT', '/api/v1/organisations/vannes/territory', { body: square, headers: { origin: server.url } });
		expect(orgAdminOfVannes.status).toBe(403);

		const admin = await signedIn('admin@parvis.example');
		const invalid = await admin.api('PUT', '/api/v1/organisations/vannes/territory', {
			body: { type: 'Polygon', coordinates: [[[200, 47], [1, 2]]] },
			headers: { origin: server.url }
		});
		expect(invalid.status).toBe(422);
		expect(invalid.body.error.code).toBe('validation_failed');
		expect(Object.keys(invalid.body.error.fields).length).toBeGreaterThan(0);
		const after = await new HttpClient(server).api('GET', '/api/v1/organisations/vannes/territory');
		expect(after.body).toEqual(before.body);
	});

	it('imports a GeoJSON file from the settings page, in French when the file is not GeoJSON', async () => {
		const orgAdmin = await signedIn('orgadmin@parvis.example');
		const form = (content: string) => {
			const data = new FormData();
			data.set('territory', new File([content], 'auray.geojson', { type: 'application/geo+json' }));
			return orgAdmin.request('/organisations/auray/settings?/territory', {
				method: 'POST',
				body: data,
				headers: { origin: server.url, accept: 'text/html' }
			});
		};
		const bad = await form('not json');
		expect(bad.status).toBe(422);
		expect(await bad.text()).toContain('Ce fichier n’est pas un GeoJSON Polygon ou MultiPolygon valide.');
		const good = await form(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: square }] }));
		expect(good.status).toBe(200);
		expect(await good.text()).toContain('Territoire enregistré.');
	});
});
