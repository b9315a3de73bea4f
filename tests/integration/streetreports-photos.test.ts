/**
 * Photos on issue reports, on both engines, through HTTP only. Every photo is decoded and
 * re-encoded: a phone JPEG with EXIF (maker, GPS position, orientation) comes back upright as a
 * JPEG with no metadata at all; a PNG comes back as a JPEG. Invalid photos (not an image, a
 * truncated JPEG, a decompression bomb, too many, too large) are refused with a precise 4xx, in
 * JSON and on the page, and no report is written. Photos are served at a stable public address;
 * an agent of the handling organisation hides one (a face, a licence plate), which the public then
 * gets as a 404 while agents still see it; hiding and showing again are in the report's history (the
 * agent's name to staff only). Open311: `media_url` is the first visible photo, in
 * Parvis's own `requests/{id}.json` and in what it forwards to the organisation's service.
 */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TerritoryGeometry } from '#lib/features/organisations/schema.js';
import { boundingBox } from '#lib/features/organisations/server/organisations.js';
import type { Db } from '#lib/server/db/client.js';
import { memberships, organisations, users } from '#lib/server/db/schema.js';
import { startOpen311Server, type Open311Server } from '../support/open311-server.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

type P = { id: string; email: string } & SignedIn;
const TOWN: TerritoryGeometry = { type: 'Polygon', coordinates: [[[-3.02, 47.64], [-2.94, 47.64], [-2.94, 47.7], [-3.02, 47.7], [-3.02, 47.64]]] };
const NEIGHBOUR: TerritoryGeometry = { type: 'Polygon', coordinates: [[[-2.81, 47.62], [-2.71, 47.62], [-2.71, 47.68], [-2.81, 47.68], [-2.81, 47.62]]] };
const IN_TOWN = { latitude: 47.668, longitude: -2.981 };
const PHONE_MAKE = 'ParvisTestPhone';

let server: TestServer;
let open311: Open311Server;
const slug: Record<string, string> = {};
let people: Record<'townAdmin' | 'townAgent' | 'otherAgent' | 'citizen', P>;

async function prepare(db: Db) {
	const unique = Math.random().toString(36).slice(2, 8);
	const ids: Record<string, string> = {};
	for (const [key, territory] of [['ville', TOWN], ['voisine', NEIGHBOUR]] as const) {
		const [row] = await db
			.insert(organisations)
			.values({ slug: `${key}-${unique}`, name: key === 'ville' ? 'Ville Photo' : 'Ville Voisine', kind: 'town', territory, ...boundingBox(territory) })
			.returning();
		ids[key] = row.id;
		slug[key] = row.slug;
	}
	const list: { key: string; id: string; email: string }[] = [];
	for (const [key, org, role] of [['townAdmin', 'ville', 'admin'], ['townAgent', 'ville', 'agent'], ['otherAgent', 'voisine', 'agent'], ['citizen', null, null]] as const) {
		const email = `${key.toLowerCase()}.${unique}@test.parvis.example`;
		const [user] = await db.insert(users).values({ email, displayName: key, passwordHash: 'unused', emailVerifiedAt: new Date() }).returning({ id: users.id });
		if (org && role) await db.insert(memberships).values({ organisationId: ids[org], userId: user.id, role });
		list.push({ key, id: user.id, email });
	}
	const [townAdmin, townAgent, otherAgent, citizen] = await openSessions(db, list);
	people = { townAdmin, townAgent, otherAgent, citizen };
}

beforeAll(async () => {
	open311 = await startOpen311Server();
	server = await startServer({ prepare, env: { OPEN311_POLL_MS: '300000' } });
	const settings = await api(people.townAdmin, 'PUT', `/api/v1/issue-reports/organisations/${slug.ville}/settings`, { categories: ['eclairage-public'], priority: 1, allow_anonymous: true });
	expect(settings.status, JSON.stringify(settings.body)).toBe(200);
	const connector = await api(people.townAdmin, 'PUT', `/api/v1/issue-reports/organisations/${slug.ville}/connectors`, { kind: 'open311', url: open311.url, api_key: open311.apiKey });
	expect(connector.status, JSON.stringify(connector.body)).toBe(200);
}, 120_000);
afterAll(async () => {
	await server?.dispose();
	await open311?.close();
});

const api = <T = any>(person: P | undefined, method: string, path: string, body?: unknown) => apiAs<T>(server, person, method, path, body);
const asFile = (filename: string, bytes: Uint8Array) => ({ filename, data_base64: Buffer.from(bytes).toString('base64') });
const fileReport = (photos: { filename: string; data_base64: string }[], person?: P) =>
	api(person, 'POST', '/api/v1/issue-reports', { category: 'eclairage-public', ...IN_TOWN, description: 'Le lampadaire devant l’école ne s’allume plus.', photos });
const reportCount = async () => {
	const listed = await api(undefined, 'GET', `/api/v1/issue-reports?organisation=${slug.ville}&limit=100`);
	expect(listed.status).toBe(200);
	return listed.body.items.length as number;
};
/** A photo as anyone fetches it, from its absolute URL. */
const fetchPhoto = (url: string, person?: P) => clientOf(server, person).request(new URL(url).pathname);

/** A 400 × 200 phone photo, red left half and blue right half, stored sideways (EXIF orientation 6) with a maker and a GPS position. */
async function phoneJpeg() {
	const red = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#ff0000' } }).png().toBuffer();
	return sharp({ create: { width: 400, height: 200, channels: 3, background: '#0000ff' } })
		.composite([{ input: red, left: 0, top: 0 }])
		.jpeg()
		.withExif({ IFD0: { Make: PHONE_MAKE, Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '47/1 40/1 5/1', GPSLongitudeRef: 'W', GPSLongitude: '2/1 58/1 52/1' } })
		.withMetadata({ orientation: 6 })
		.toBuffer();
}
const png = (width = 300, height = 150) => sharp({ create: { width, height, channels: 4, background: { r: 20, g: 160, b: 60, alpha: 0.5 } } }).png().toBuffer();
/** A report with two photos, the second of the given size. */
async function twoPhotos(width: number, height: number) {
	const created = await fileReport([asFile('un.png', await png()), asFile('deux.png', await png(width, height))]);
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	const [first, second] = created.body.photos;
	return { id: created.body.id as string, first, second };
}
/** The GPS IFD pointer tag (0x8825) in a little-endian EXIF block. */
const hasGpsTag = (exif: Buffer) => exif.includes(Buffer.from([0x25, 0x88]));
const pixel = async (jpeg: Uint8Array, x: number, y: number) => {
	const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
	const at = (y * info.width + x) * info.channels;
	return [data[at], data[at + 1], data[at + 2]];
};

describe('re-encoding', () => {
	it('turns a phone JPEG upright and strips every metadata, GPS included', async () => {
		const original = await phoneJpeg();
		const before = await sharp(original).metadata();
		expect(before).toMatchObject({ width: 400, height: 200, orientation: 6 });
		expect(before.exif!.includes(PHONE_MAKE) && hasGpsTag(before.exif!)).toBe(true);

		const created = await fileReport([asFile('IMG_0001.JPG', original)]);
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		expect(created.body.photos).toEqual([{ position: 1, url: `${server.url}/signalements/${created.body.id}/photos/1.jpg`, width: 200, height: 400 }]);

		const response = await fetchPhoto(created.body.photos[0].url);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('image/jpeg');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('cache-control')).toBe('public, max-age=60');
		const bytes = Buffer.from(await response.arrayBuffer());
		const after = await sharp(bytes).metadata();
		expect(after).toMatchObject({ format: 'jpeg', width: 200, height: 400 });
		expect(after.exif).toBeUndefined();
		expect(after.orientation).toBeUndefined();
		expect(after.xmp).toBeUndefined();
		expect(after.icc).toBeUndefined();
		expect(bytes.includes('Exif')).toBe(false);
		expect(bytes.includes(PHONE_MAKE)).toBe(false);
		// Upright: the stored left (red) half is now on top, the blue one at the bottom.
		const [top, bottom] = [await pixel(bytes, 100, 50), await pixel(bytes, 100, 350)];
		expect(top[0]).toBeGreaterThan(200);
		expect(top[2]).toBeLessThan(50);
		expect(bottom[2]).toBeGreaterThan(200);
		expect(bottom[0]).toBeLessThan(50);
	});

	it('takes a PNG and serves it as a JPEG; a large photo is brought down to 2048 px', async () => {
		const created = await fileReport([asFile('plan.png', await png()), asFile('grand.png', await png(3000, 1000))]);
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		expect(created.body.photos.map((p: any) => [p.width, p.height])).toEqual([[300, 150], [2048, 683]]);
		for (const photo of created.body.photos) {
			const response = await fetchPhoto(photo.url);
			expect(response.headers.get('content-type')).toBe('image/jpeg');
			const bytes = new Uint8Array(await response.arrayBuffer());
			expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
			expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: photo.width, height: photo.height, hasAlpha: false });
		}
	});
});

describe('invalid photos', () => {
	it('refuses what is not an image, a truncated JPEG, a decompression bomb, too many or too large photos, and writes nothing', async () => {
		const before = await reportCount();
		const text = new TextEncoder().encode('Ceci n’est pas une image.');
		const noisy = await sharp(Buffer.from(Array.from({ length: 600 * 400 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 600, height: 400, channels: 3 } })
			.jpeg()
			.toBuffer();
		const truncated = noisy.subarray(0, Math.floor(noisy.length * 0.6));
		// A 1 × 1 PNG whose header claims 30 000 × 30 000 pixels (900 megapixels).
		const bomb = Buffer.from(await png(1, 1));
		bomb.writeUInt32BE(30_000, 16);
		bomb.writeUInt32BE(30_000, 20);
		bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
		const small = await png(20, 20);
		const cases: [{ filename: string; data_base64: string }[], number, string][] = [
			[[asFile('notes.txt', text)], 422, 'Le fichier « notes.txt » n’est pas une image JPEG, PNG, WebP ou GIF : son contenu ne correspond à aucun de ces formats.'],
			[[asFile('photo.jpg', small), asFile('coupee.jpg', truncated)], 422, 'L’image « coupee.jpg » est illisible ou incomplète.'],
			[[asFile('bombe.png', bomb)], 422, 'L’image « bombe.png » est trop grande : plus de 50 mégapixels.'],
			[[1, 2, 3, 4].map((n) => asFile(`p${n}.png`, small)), 422, 'Au plus 3 photos par signalement.'],
			[[asFile('vide.jpg', new Uint8Array())], 422, 'Le fichier « vide.jpg » est vide.'],
			[[asFile('enorme.jpg', Buffer.concat([noisy, Buffer.alloc(8 * 1024 * 1024)]))], 413, 'La photo « enorme.jpg » dépasse 8 Mo.']
		];
		for (const [photos, status, message] of cases) {
			const refused = await fileReport(photos);
			expect(refused.status, JSON.stringify(refused.body)).toBe(status);
			expect(refused.body.error).toMatchObject({ message, fields: { photos: message } });
		}
		const malformed = await fileReport([{ filename: 'x.jpg', data_base64: '%%%' }]);
		expect(malformed.status).toBe(422);
		expect(await reportCount()).toBe(before);
	});

	it('on the page: a refused photo keeps the form with a French message; a good one files the report and shows it', async () => {
		const citizen = clientOf(server);
		const before = await reportCount();
		const form = (name: string, bytes: Uint8Array) => {
			const data = new FormData();
			for (const [key, value] of Object.entries({ category: 'eclairage-public', latitude: String(IN_TOWN.latitude), longitude: String(IN_TOWN.longitude), description: 'Lampadaire éteint rue des Écoles.' }))
				data.set(key, value);
			data.append('photos', new Blob([Buffer.from(bytes)]), name);
			return data;
		};
		const refused = await citizen.submit('/signalements/nouveau', form('lettre.jpg', new TextEncoder().encode('<html><script>alert(1)</script>')));
		expect(refused.status).toBe(422);
		expect(refused.fieldErrors.photos).toBe('Le fichier « lettre.jpg » n’est pas une image JPEG, PNG, WebP ou GIF : son contenu ne correspond à aucun de ces formats.');
		expect(await reportCount()).toBe(before);

		const filed = await citizen.submit('/signalements/nouveau', form('IMG_0002.JPG', await phoneJpeg()));
		expect(filed.status).toBe(303);
		const page = await citizen.get(filed.location!);
		const id = /^\/signalements\/([0-9a-f-]{36})\?code=/.exec(filed.location!)![1];
		expect(page.body).toContain(`src="${server.url}/signalements/${id}/photos/1.jpg"`);
		expect(page.body).toContain('alt="Photo 1 jointe au signalement « Éclairage public »"');
		expect(page.body).not.toContain('Masquer la photo');
	});
});

describe('hiding a photo', () => {
	it('an agent of the handling organisation hides a photo: the public gets a 404, agents still see it', async () => {
		const { id, first, second } = await twoPhotos(100, 100);
		const path = `/api/v1/issue-reports/${id}/photos/1`;

		expect((await api(undefined, 'PUT', path, { hidden: true })).status).toBe(401);
		expect((await api(people.citizen, 'PUT', path, { hidden: true })).status).toBe(403);
		expect((await api(people.otherAgent, 'PUT', path, { hidden: true })).status).toBe(403);
		expect((await api(people.townAgent, 'PUT', `/api/v1/issue-reports/${id}/photos/9`, { hidden: true })).status).toBe(404);
		expect((await fetchPhoto(first.url)).status).toBe(200);

		const hidden = await api(people.townAgent, 'PUT', path, { hidden: true });
		expect(hidden.status, JSON.stringify(hidden.body)).toBe(200);
		expect(hidden.body).toMatchObject({ position: 1, hidden: true });

		const publicView = await api(undefined, 'GET', `/api/v1/issue-reports/${id}`);
		expect(publicView.body.photos).toEqual([{ position: 2, url: second.url, width: 100, height: 100 }]);
		expect((await fetchPhoto(first.url)).status).toBe(404);
		expect((await fetchPhoto(first.url, people.otherAgent)).status).toBe(404);
		expect((await fetchPhoto(second.url)).status).toBe(200);
		const agentPhoto = await fetchPhoto(first.url, people.townAgent);
		expect(agentPhoto.status).toBe(200);
		expect(agentPhoto.headers.get('cache-control')).toBe('private, no-store');
		const agentView = await api(people.townAgent, 'GET', `/api/v1/issue-reports/${id}`);
		expect(agentView.body.photos.map((p: any) => [p.position, p.hidden])).toEqual([[1, true], [2, false]]);

		// On the page, the agent shows it again.
		const agent = clientOf(server, people.townAgent);
		const page = await agent.get(`/signalements/${id}`);
		expect(page.body).toContain('Rendre la photo 1 publique');
		const shown = await agent.submit(`/signalements/${id}?/photo`, { position: '1', hidden: 'false' });
		expect(shown.status).toBe(200);
		expect((await fetchPhoto(first.url)).status).toBe(200);
		const refused = await clientOf(server, people.otherAgent).submit(`/signalements/${id}?/photo`, { position: '1', hidden: 'true' });
		expect(refused.status).toBe(403);
		expect((await fetchPhoto(first.url)).status).toBe(200);
	});

	it('is written to the report’s history: the agent’s name and the photo to staff, only the organisation to the public', async () => {
		const { id } = await twoPhotos(60, 60);
		const photoEvents = async (person?: P) =>
			((await api(person, 'GET', `/api/v1/issue-reports/${id}`)).body.history as any[]).filter((e) => e.type.startsWith('photo_'));
		expect((await api(people.otherAgent, 'PUT', `/api/v1/issue-reports/${id}/photos/2`, { hidden: true })).status).toBe(403);
		expect((await api(people.townAgent, 'PUT', `/api/v1/issue-reports/${id}/photos/2`, { hidden: true })).status).toBe(200);
		// Hiding a hidden photo again changes nothing and records nothing.
		expect((await api(people.townAgent, 'PUT', `/api/v1/issue-reports/${id}/photos/2`, { hidden: true })).status).toBe(200);
		const staff = await photoEvents(people.townAgent);
		expect(staff).toEqual([
			expect.objectContaining({ type: 'photo_hidden', organisation: 'Ville Photo', photo: 2, actor: 'townAgent', source: 'agent', public_comment: null })
		]);
		const publicEvents = await photoEvents();
		expect(publicEvents).toEqual([{ type: 'photo_hidden', status: null, organisation: 'Ville Photo', from_organisation: null, public_comment: null, source: 'agent', at: staff[0].at }]);
		expect(await photoEvents(people.otherAgent)).toEqual(publicEvents);

		const agent = clientOf(server, people.townAgent);
		expect((await agent.submit(`/signalements/${id}?/photo`, { position: '2', hidden: 'false' })).status).toBe(200);
		expect((await photoEvents(people.townAgent)).map((e) => [e.type, e.photo, e.actor])).toEqual([
			['photo_hidden', 2, 'townAgent'],
			['photo_shown', 2, 'townAgent']
		]);
		const text = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '');
		const staffPage = text((await agent.get(`/signalements/${id}`)).body);
		expect(staffPage).toContain('Une photo a été masquée');
		expect(staffPage).toContain('(photo 2)');
		expect(staffPage).toContain('par townAgent');
		const publicPage = text((await clientOf(server).get(`/signalements/${id}`)).body);
		expect(publicPage).toContain('Une photo a été masquée');
		expect(publicPage).toContain('Une photo a été rendue publique');
		expect(publicPage).toContain('par Ville Photo');
		expect(publicPage).not.toContain('townAgent');
		expect(publicPage).not.toContain('(photo 2)');
	});

	it('answers photo addresses that do not exist with a 404', async () => {
		const created = await fileReport([asFile('a.png', await png())]);
		for (const path of [`/signalements/${created.body.id}/photos/2.jpg`, `/signalements/${created.body.id}/photos/0.jpg`, `/signalements/${created.body.id}/photos/x.jpg`, '/signalements/nope/photos/1.jpg'])
			expect((await clientOf(server).request(path)).status, path).toBe(404);
	});
});

describe('Open311', () => {
	it('gives the first visible photo as media_url, in requests/{id}.json and in what is forwarded to the organisation’s service', async () => {
		const { id, first, second } = await twoPhotos(120, 80);
		const request = async () => {
			const response = await clientOf(server).api('GET', `/open311/v2/requests/${id}.json`);
			expect(response.status).toBe(200);
			return response.body[0];
		};
		expect((await request()).media_url).toBe(first.url);
		const forwarded = await waitUntil('the report forwarded to the Open311 service', async () => open311.requests.find((r) => r.attributes.parvis_id === id));
		expect(forwarded.media_url).toBe(first.url);
		expect((await api(people.townAgent, 'PUT', `/api/v1/issue-reports/${id}/photos/1`, { hidden: true })).status).toBe(200);
		expect((await request()).media_url).toBe(second.url);

		const without = await fileReport([]);
		expect(without.status).toBe(201);
		expect(without.body.photos).toEqual([]);
		expect((await clientOf(server).api('GET', `/open311/v2/requests/${without.body.id}.json`)).body[0].media_url).toBeNull();
		const plain = await waitUntil('the report without photo forwarded', async () => open311.requests.find((r) => r.attributes.parvis_id === without.body.id));
		expect(plain.media_url).toBeNull();
	});
});
