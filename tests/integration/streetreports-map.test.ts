/**
 * Issue reports and the map, on both engines. The public map layer: reports in the box with their
 * status, filters by status and by category branch, closed reports kept for a while, no personal
 * data. Placing a report from its address, against a real local geocoder that
 * answers like the national address API: the search endpoint, a report sent with an address only
 * (API, the form, Open311's address_string) placed at the geocoder's point and routed from there,
 * an unknown address or a blank point refused with a precise message and nothing written, and a
 * geocoder that is down answered with a 503 rather than a report placed at random.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '#lib/features/accounts/server/api-tokens.js';
import { users } from '#lib/server/db/schema.js';
import { AURAY_ADDRESSES, startTestGeocoder, type TestGeocoder } from '../support/geocoder.js';
import { clientOf } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;
let geocoder: TestGeocoder;
let appToken = '';
const [RUE_DU_LAIT] = AURAY_ADDRESSES;
const DESCRIPTION = 'Le trottoir est défoncé devant le numéro 12, on s’y tord la cheville.';

beforeAll(async () => {
	geocoder = await startTestGeocoder();
	server = await startServer({
		flavour: 'demo',
		env: { GEOCODER_URL: geocoder.url },
		prepare: async (db) => {
			const [citizen] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'citoyen@parvis.example'));
			appToken = (await createApiToken(db, citizen.id, { name: 'Appli de signalement', days: 30 })).token;
		}
	});
}, 120_000);
afterAll(async () => {
	await server?.dispose();
	await geocoder?.close();
});

const anonymous = () => clientOf(server);
const reportCount = async () => {
	const response = await anonymous().api('GET', '/api/v1/issue-reports?limit=100');
	expect(response.status).toBe(200);
	return response.body.items.length as number;
};

describe('address search', () => {
	it('answers the places the geocoder finds, best first, accents and case ignored', async () => {
		const response = await anonymous().api('GET', `/api/v1/issue-reports/geocode?q=${encodeURIComponent('12 rue du LAIT auray')}`);
		expect(response.status).toBe(200);
		expect(response.body.items[0]).toEqual({ label: RUE_DU_LAIT.label, latitude: RUE_DU_LAIT.latitude, longitude: RUE_DU_LAIT.longitude, score: expect.any(Number) });
		expect(geocoder.queries.at(-1)).toBe('12 rue du LAIT auray');
		const nothing = await anonymous().api('GET', '/api/v1/issue-reports/geocode?q=Boulevard%20inexistant%20Brest');
		expect(nothing).toMatchObject({ status: 200, body: { items: [] } });
	});

	it('refuses a query too short with a field error, without asking the geocoder', async () => {
		const asked = geocoder.queries.length;
		const response = await anonymous().api('GET', '/api/v1/issue-reports/geocode?q=ab', { headers: { 'accept-language': 'fr' } });
		expect(response.status).toBe(422);
		expect(response.body.error.fields.q).toBeTruthy();
		expect(geocoder.queries.length).toBe(asked);
	});

	it('says the service is unavailable (503, JSON) when the geocoder is down', async () => {
		geocoder.failNext(1);
		const response = await anonymous().api('GET', '/api/v1/issue-reports/geocode?q=rue%20du%20lait', { headers: { 'accept-language': 'fr' } });
		expect(response.status).toBe(503);
		expect(response.body.error).toEqual({ code: 'service_unavailable', message: 'La recherche d’adresse ne répond pas pour le moment : placez le point sur la carte ou réessayez.' });
	});
});

describe('a report placed from its address', () => {
	it('through the API: placed at the geocoded point, with the clean address, routed to the town', async () => {
		const created = await anonymous().api('POST', '/api/v1/issue-reports', { body: { category: 'trottoirs', address: 'rue du lait auray', description: DESCRIPTION } });
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		expect(created.body).toMatchObject({ latitude: RUE_DU_LAIT.latitude, longitude: RUE_DU_LAIT.longitude, address: RUE_DU_LAIT.label });
		expect(created.body.organisation.name).toBe('Ville d’Auray');
	});

	it('through the form: the point follows the address; a blank point is not read as 0, 0', async () => {
		const form = anonymous();
		const placed = await form.submit('/signalements/nouveau', { category: 'trottoirs', latitude: '', longitude: '', address: 'Place de la République Auray', description: DESCRIPTION });
		expect(placed.status, JSON.stringify(placed.fieldErrors)).toBe(303);
		const id = placed.location!.split('?')[0].split('/').pop();
		const shown = await anonymous().api('GET', `/api/v1/issue-reports/${id}`);
		expect(shown.body).toMatchObject({ latitude: AURAY_ADDRESSES[1].latitude, longitude: AURAY_ADDRESSES[1].longitude });

		const before = await reportCount();
		const blank = await form.submit('/signalements/nouveau', { category: 'trottoirs', latitude: '', longitude: '', address: '', description: DESCRIPTION }, { 'accept-language': 'fr' });
		expect(blank.status).toBe(422);
		expect(blank.fieldErrors.latitude).toBe('Placez le point sur la carte ou indiquez l’adresse.');
		const halfPoint = await form.submit('/signalements/nouveau', { category: 'trottoirs', latitude: '47.66', longitude: '', description: DESCRIPTION }, { 'accept-language': 'fr' });
		expect(halfPoint.status).toBe(422);
		expect(halfPoint.fieldErrors.longitude).toBe('Longitude invalide : un nombre entre -180 et 180 est attendu.');
		expect(await reportCount()).toBe(before);
	});

	it('an address the geocoder does not know, or a geocoder that is down: a precise refusal and nothing written', async () => {
		const before = await reportCount();
		const unknown = await anonymous().api('POST', '/api/v1/issue-reports', { body: { category: 'trottoirs', address: 'Impasse imaginaire Lorient', description: DESCRIPTION }, headers: { 'accept-language': 'fr' } });
		expect(unknown.status).toBe(422);
		expect(unknown.body.error.fields).toEqual({ address: 'Adresse introuvable : vérifiez-la ou placez le point sur la carte.' });
		geocoder.failNext(1);
		const down = await anonymous().api('POST', '/api/v1/issue-reports', { body: { category: 'trottoirs', address: 'rue du lait auray', description: DESCRIPTION } });
		expect(down.status).toBe(503);
		expect(down.body.error.code).toBe('service_unavailable');
		expect(await reportCount()).toBe(before);
	});

	it('through Open311: address_string without lat/long is geocoded; an unknown one is the standard 400', async () => {
		const post = (fields: Record<string, string>) =>
			fetch(`${server.url}/open311/v2/requests.json`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr' },
				body: new URLSearchParams({ api_key: appToken, service_code: 'trottoirs', description: DESCRIPTION, ...fields }).toString()
			});
		const created = await post({ address_string: '5 rue du jeu de paume auray' });
		expect(created.status).toBe(201);
		const [{ service_request_id: id }] = await created.json();
		const shown = await (await fetch(`${server.url}/open311/v2/requests/${id}.json`)).json();
		expect(shown[0]).toMatchObject({ lat: AURAY_ADDRESSES[2].latitude, long: AURAY_ADDRESSES[2].longitude, address: AURAY_ADDRESSES[2].label });
		const unknown = await post({ address_string: 'Impasse imaginaire Lorient' });
		expect(unknown.status).toBe(400);
		expect(await unknown.json()).toEqual([{ code: 400, description: 'address_string: Adresse introuvable : vérifiez-la ou placez le point sur la carte.' }]);
	});
});

describe('the public map layer', () => {
	const layer = async (query = '') => {
		const response = await anonymous().request(`/api/v1/map/signalements?bbox=-3.1,47.6,-2.9,47.75&zoom=18&cluster=false${query}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('application/geo+json');
		return (await response.json()).features as { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[];
	};

	it('shows the reports in the box with their status and category, and nothing about who reported them', async () => {
		const contact = await anonymous().api('POST', '/api/v1/issue-reports', {
			body: { category: 'mobilier-urbain', latitude: 47.6702, longitude: -2.9855, description: 'Le banc devant la mairie a perdu deux lattes.', contact_name: 'Jeanne Secrète', contact_email: 'jeanne.secrete@test.parvis.example' }
		});
		expect(contact.status).toBe(201);
		const features = await layer();
		const bench = features.find((f) => String(f.properties.title).includes('Le banc devant la mairie'));
		expect(bench).toMatchObject({ geometry: { coordinates: [-2.9855, 47.6702] }, properties: { status: 'received', stateLabel: 'Reçu', category: 'Mobilier urbain', url: `/signalements/${contact.body.id}` } });
		const text = JSON.stringify(features);
		expect(text).not.toContain('Jeanne Secrète');
		expect(text).not.toContain('jeanne.secrete');
		expect(text).not.toContain(contact.body.tracking_code);
		// Outside the box: nothing.
		const far = await (await anonymous().request('/api/v1/map/signalements?bbox=2.2,48.8,2.4,48.9&zoom=18&cluster=false')).json();
		expect(far.features).toEqual([]);
	});

	it('filters by status and by a branch of the category tree', async () => {
		const resolved = await layer('&status=resolved');
		expect(resolved.length).toBeGreaterThan(0);
		expect(resolved.map((f) => f.properties.status)).toEqual(resolved.map(() => 'resolved'));
		// « Voirie et signalisation » takes its children (the demo's pothole).
		const roads = await layer('&category=voirie-signalisation');
		expect(roads.map((f) => f.properties.category)).toContain('Nid-de-poule, chaussée abîmée');
		const branch = ['Voirie et signalisation', 'Nid-de-poule, chaussée abîmée', 'Feux tricolores', 'Panneaux et marquage', 'Trottoirs'];
		expect(roads.filter((f) => !branch.includes(String(f.properties.category)))).toEqual([]);
		expect(roads.map((f) => f.properties.title)).not.toContain(expect.stringContaining('Le banc devant la mairie'));
		expect(await layer('&status=nonsense')).toEqual(await layer());
	});
});
