/**
 * Open data and map over HTTP: every export parses (CSV with a CSV parser, JSON, GeoJSON checked
 * against RFC 7946, the zip's CSVs, README and LICENSE, the DCAT-AP catalogue through a JSON-LD
 * processor), nothing private, hidden, draft or withdrawn ever leaves, no personal field or value
 * leaks, bounding-box queries return exactly the points inside, CORS is open for reading and API
 * tokens get the higher rate limit.
 */
import { eq } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import jsonld from 'jsonld';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comments, meetings, organisations, proposals } from '#lib/server/db/schema.js';
import { seedCommunity, type Community, type Person } from '../support/community.js';
import { apiAs, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';

type P = Person & SignedIn;
let server: TestServer;
let world: Community;
let organisationSlug: string;

/** A 12 × 10 grid of located public proposals, 0.001° apart, south-west corner at (-3, 47.6). */
const GRID = { west: -3, south: 47.6, step: 0.001, columns: 12, rows: 10 };
const grid: { title: string; longitude: number; latitude: number }[] = [];
for (let i = 0; i < GRID.columns; i++)
	for (let j = 0; j < GRID.rows; j++)
		grid.push({ title: `Point ${i}-${j}`, longitude: +(GRID.west + i * GRID.step).toFixed(6), latitude: +(GRID.south + j * GRID.step).toFixed(6) });

/** Titles that must never appear anywhere in the open data. */
const SECRET = { hidden: 'Proposition masquée par la modération', draft: 'Brouillon jamais publié', withdrawn: 'Proposition retirée par son autrice' };
const SECRET_COMMENTS = { hidden: 'Commentaire masqué injurieux', deleted: 'Commentaire supprimé par son auteur', private: 'Commentaire dans un espace privé' };
const PUBLIC_COMMENT = 'Bonne idée, la gare en a besoin.';
const PUBLIC_MEETING = 'Réunion publique de quartier';
const PRIVATE_MEETING = 'Réunion du bureau, espace privé';

beforeAll(async () => {
	server = await startServer({
		// Many whole-file downloads from one address: the export limit is tested on its own below.
		env: { API_RATE_LIMIT_ANONYMOUS: '100000' },
		prepare: async (db) => {
			world = await seedCommunity(db, { citizens: 1 });
			[{ slug: organisationSlug }] = await db.select({ slug: organisations.slug }).from(organisations).where(eq(organisations.id, world.organisationId));
			let number = 100;
			const at = new Date('2026-06-01T10:00:00Z');
			await db.insert(proposals).values(
				grid.map((point) => ({ spaceId: world.space.id, number: number++, title: point.title, body: 'Texte.', state: 'published' as const, publishedAt: at, longitude: point.longitude, latitude: point.latitude }))
			);
			// Inside the grid, but never public.
			const inside = { longitude: -2.995, latitude: 47.605 };
			await db.insert(proposals).values([
				{ spaceId: world.space.id, number: number++, title: SECRET.hidden, body: 'Texte.', state: 'published', publishedAt: at, hiddenAt: at, ...inside },
				{ spaceId: world.space.id, number: number++, title: SECRET.draft, body: 'Texte.', state: 'draft', ...inside },
				{ spaceId: world.space.id, number: number++, title: SECRET.withdrawn, body: 'Texte.', state: 'withdrawn', publishedAt: at, ...inside },
				{ spaceId: world.space.id, number: number++, title: 'Proposition acceptée', body: 'Texte.', state: 'accepted', publishedAt: new Date('2026-09-15T10:00:00Z'), longitude: -2.9, latitude: 47.7 }
			]);
			await db.update(proposals).set({ longitude: inside.longitude, latitude: inside.latitude }).where(eq(proposals.id, world.privateProposal.id));
			const comment = (targetId: string, body: string, extra: Partial<typeof comments.$inferInsert> = {}) => ({
				targetType: 'proposal', targetId, spaceId: null, authorId: world.people.citizens[0].id, body, ...extra
			});
			await db.insert(comments).values([
				comment(world.proposal.id, PUBLIC_COMMENT, { spaceId: world.space.id, stance: 'for' }),
				comment(world.proposal.id, SECRET_COMMENTS.hidden, { spaceId: world.space.id, hiddenAt: at }),
				comment(world.proposal.id, SECRET_COMMENTS.deleted, { spaceId: world.space.id, deletedAt: at }),
				comment(world.privateProposal.id, SECRET_COMMENTS.private, { spaceId: world.privateSpace.id })
			]);
			const meeting = (spaceId: string, title: string) => ({
				organisationId: world.organisationId, spaceId, title, mode: 'in_person' as const, address: 'Mairie', longitude: -2.99, latitude: 47.65,
				startsAt: new Date(Date.now() + 5 * 86_400_000), endsAt: new Date(Date.now() + 5 * 86_400_000 + 7_200_000)
			});
			await db.insert(meetings).values([meeting(world.space.id, PUBLIC_MEETING), meeting(world.privateSpace.id, PRIVATE_MEETING)]);
			await db
				.update(organisations)
				.set({
					territory: { type: 'Polygon', coordinates: [[[-3.01, 47.59], [-2.89, 47.59], [-2.89, 47.71], [-3.01, 47.71], [-3.01, 47.59]]] },
					bboxWest: -3.01, bboxSouth: 47.59, bboxEast: -2.89, bboxNorth: 47.71
				})
				.where(eq(organisations.id, world.organisationId));
		}
	});
});
afterAll(async () => {
	await server?.dispose();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, server.url), { headers });
const text = async (path: string) => {
	const response = await get(path);
	expect(response.status, path).toBe(200);
	return { response, body: await response.text() };
};
const datasetsList = async () => (await (await get('/api/v1/datasets')).json()).items as { slug: string; columns: { name: string }[]; downloads: { format: string; url: string }[] }[];

/** RFC 7946 checks: a FeatureCollection of Features with valid geometries, longitude first, in range. */
function assertGeoJson(collection: any) {
	expect(collection.type).toBe('FeatureCollection');
	expect(Array.isArray(collection.features)).toBe(true);
	const position = (p: unknown) => {
		expect(Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number')).toBe(true);
		const [longitude, latitude] = p as number[];
		expect(Math.abs(longitude)).toBeLessThanOrEqual(180);
		expect(Math.abs(latitude)).toBeLessThanOrEqual(90);
	};
	for (const feature of collection.features) {
		expect(feature.type).toBe('Feature');
		expect(typeof feature.properties === 'object').toBe(true);
		const { geometry } = feature;
		if (geometry.type === 'Point') position(geometry.coordinates);
		else if (geometry.type === 'Polygon') for (const ring of geometry.coordinates) {
			expect(ring.length).toBeGreaterThanOrEqual(4);
			expect(ring[0]).toEqual(ring[ring.length - 1]);
			ring.forEach(position);
		}
		else if (geometry.type === 'MultiPolygon') for (const polygon of geometry.coordinates) for (const ring of polygon) ring.forEach(position);
		else throw new Error(`unexpected geometry ${geometry.type}`);
	}
}

function unzip(buffer: Buffer): Promise<Map<string, string>> {
	return new Promise((resolve, reject) => {
		yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
			if (error || !zip) return reject(error);
			const files = new Map<string, string>();
			zip.on('entry', (entry: yauzl.Entry) => {
				zip.openReadStream(entry, (streamError, stream) => {
					if (streamError || !stream) return reject(streamError);
					const chunks: Buffer[] = [];
					stream.on('data', (chunk: Buffer) => chunks.push(chunk));
					stream.on('end', () => {
						files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
						zip.readEntry();
					});
				});
			});
			zip.on('end', () => resolve(files));
			zip.on('error', reject);
			zip.readEntry();
		});
	});
}

describe('exports', () => {
	it('lists every dataset with licence, frequency, last change and downloads', async () => {
		const list = await datasetsList();
		expect(list.map((d) => d.slug)).toEqual(['propositions', 'commentaires', 'espaces', 'organisations', 'territoires', 'reunions', 'deliberations', 'resultats-votes', 'signalements', 'budgets-participatifs']);
		const [first] = (await (await get('/api/v1/datasets')).json()).items;
		expect(first).toMatchObject({ licence: { id: 'etalab-2.0' }, update_frequency: 'continuous' });
		expect(first.last_modified).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(first.downloads.map((d: any) => d.format)).toEqual(['csv', 'json', 'geojson']);
		const page = await text('/donnees-ouvertes');
		expect(page.body).toContain('Licence Ouverte');
		for (const dataset of list) expect(page.body).toContain(`/opendata/${dataset.slug}.csv`);
	});

	it('serves every dataset as CSV (UTF-8, header row) and JSON with the same rows and the documented columns', async () => {
		for (const dataset of await datasetsList()) {
			const csv = await text(`/opendata/${dataset.slug}.csv`);
			expect(csv.response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
			const rows = parseCsv(csv.body, { columns: true, bom: true }) as Record<string, string>[];
			const [header] = parseCsv(csv.body, { to_line: 1 }) as string[][];
			expect(header).toEqual(dataset.columns.map((c) => c.name));
			const json = await text(`/opendata/${dataset.slug}.json`);
			expect(json.response.headers.get('content-type')).toMatch(/^application\/json/);
			const items = JSON.parse(json.body) as Record<string, unknown>[];
			expect(items.length, dataset.slug).toBe(rows.length);
			for (const item of items) expect(Object.keys(item)).toEqual(header);
		}
		const proposalsCsv = parseCsv((await text('/opendata/propositions.csv')).body, { columns: true }) as Record<string, string>[];
		// The grid, the seed's three public proposals, the accepted one.
		expect(proposalsCsv.length).toBe(grid.length + 3 + 1);
		const point = proposalsCsv.find((row) => row.title === 'Point 3-4')!;
		expect([Number(point.longitude), Number(point.latitude)]).toEqual([-2.997, 47.604]);
		expect(point.url).toBe(`/spaces/${world.space.slug}/proposals/${point.number}`);
		const commentsCsv = parseCsv((await text('/opendata/commentaires.csv')).body, { columns: true }) as Record<string, string>[];
		expect(commentsCsv.map((row) => row.body)).toEqual([PUBLIC_COMMENT]);
		expect(commentsCsv[0]).toMatchObject({ proposal_id: world.proposal.id, stance: 'for', depth: '0' });
	});

	it('serves geolocated datasets as RFC 7946 GeoJSON (application/geo+json, longitude first)', async () => {
		const geo = await text('/opendata/propositions.geojson');
		expect(geo.response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
		const collection = JSON.parse(geo.body);
		assertGeoJson(collection);
		expect(collection.features.length).toBe(grid.length + 1);
		const feature = collection.features.find((f: any) => f.properties.title === 'Point 3-4');
		expect(feature.geometry).toEqual({ type: 'Point', coordinates: [-2.997, 47.604] });
		expect(feature.properties).not.toHaveProperty('longitude');
		const territories = JSON.parse((await text('/opendata/territoires.geojson')).body);
		assertGeoJson(territories);
		expect(territories.features).toHaveLength(1);
		expect(territories.features[0]).toMatchObject({ geometry: { type: 'Polygon' }, properties: { organisation: organisationSlug } });
		expect((await get('/opendata/espaces.geojson')).status).toBe(404);
		expect((await get('/opendata/inconnu.csv')).status).toBe(404);
	});

	it('zips every CSV with a README describing every column and a LICENSE', async () => {
		const response = await get('/opendata/donnees-csv.zip');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/zip');
		const files = await unzip(Buffer.from(await response.arrayBuffer()));
		const list = await datasetsList();
		expect([...files.keys()].sort()).toEqual(['LICENSE', 'README.md', ...list.map((d) => `${d.slug}.csv`)].sort());
		expect(files.get('LICENSE')).toContain('Licence Ouverte');
		for (const dataset of list) {
			const rows = parseCsv(files.get(`${dataset.slug}.csv`)!, { columns: true }) as unknown[];
			expect(rows.length).toBe(JSON.parse((await text(`/opendata/${dataset.slug}.json`)).body).length);
			expect(files.get('README.md')).toContain(`## ${dataset.slug}.csv`);
			for (const column of dataset.columns) expect(files.get('README.md')).toContain(`| ${column.name} |`);
		}
	});

	it('publishes a DCAT-AP catalogue that a JSON-LD processor reads, and the same in Turtle', async () => {
		const catalogue = await text('/opendata/catalogue.jsonld');
		expect(catalogue.response.headers.get('content-type')).toMatch(/^application\/ld\+json/);
		const expanded = (await jsonld.expand(JSON.parse(catalogue.body))) as any[];
		const DCAT = 'http://www.w3.org/ns/dcat#';
		const DCT = 'http://purl.org/dc/terms/';
		expect(expanded).toHaveLength(1);
		expect(expanded[0]['@type']).toEqual([`${DCAT}Catalog`]);
		const sets = expanded[0][`${DCAT}dataset`];
		const list = await datasetsList();
		expect(sets.map((d: any) => d[`${DCT}identifier`][0]['@value'])).toEqual(list.map((d) => d.slug));
		const proposalsSet = sets[0];
		expect(proposalsSet['@type']).toEqual([`${DCAT}Dataset`]);
		expect(proposalsSet[`${DCT}license`][0]['@id']).toContain('etalab');
		const urls = proposalsSet[`${DCAT}distribution`].map((d: any) => d[`${DCAT}downloadURL`][0]['@id']);
		expect(urls).toEqual(['csv', 'json', 'geojson'].map((f) => `${server.url}/opendata/propositions.${f}`));
		// Every distribution is really there.
		for (const url of urls) expect((await fetch(url)).status).toBe(200);
		const nquads = await jsonld.toRDF(JSON.parse(catalogue.body), { format: 'application/n-quads' });
		expect(String(nquads)).toContain('<http://www.w3.org/ns/dcat#Dataset>');
		const turtle = await text('/opendata/catalogue.ttl');
		expect(turtle.response.headers.get('content-type')).toMatch(/^text\/turtle/);
		for (const dataset of list) expect(turtle.body).toContain(`dct:identifier "${dataset.slug}"`);
	});
});

describe('what never leaves', () => {
	async function everything(): Promise<string> {
		const parts: string[] = [];
		for (const dataset of await datasetsList()) for (const download of dataset.downloads) parts.push((await text(`/opendata/${dataset.slug}.${download.format}`)).body);
		const zip = await unzip(Buffer.from(await (await get('/opendata/donnees-csv.zip')).arrayBuffer()));
		parts.push(...zip.values());
		parts.push((await text('/api/v1/map/propositions?bbox=-180,-90,180,90&zoom=18&cluster=false&limit=5000')).body);
		parts.push((await text('/api/v1/map/propositions?bbox=-180,-90,180,90&zoom=18')).body);
		parts.push((await text('/opendata/catalogue.jsonld')).body);
		return parts.join('\n');
	}

	it('exports no hidden, draft or withdrawn proposal, nothing of a private space, no hidden or deleted comment', async () => {
		const all = await everything();
		for (const title of [...Object.values(SECRET), ...Object.values(SECRET_COMMENTS), 'Un sujet interne']) expect(all, title).not.toContain(title);
		expect(all).not.toContain(world.privateSpace.slug);
		expect(all).not.toContain(world.privateProposal.id);
		expect(all).toContain(PUBLIC_COMMENT);
	});

	it('lists the meetings of public spaces only in the meetings dataset and on the meetings map layer', async () => {
		const reunions = (await datasetsList()).find((d) => d.slug === 'reunions')!;
		for (const format of ['json', 'csv', 'geojson']) {
			const download = reunions.downloads.find((d) => d.format === format)!;
			const { body } = await text(download.url);
			expect(body, format).toContain(PUBLIC_MEETING);
			expect(body, format).not.toContain(PRIVATE_MEETING);
			expect(body, format).not.toContain(world.privateSpace.slug);
		}
		const layer = await (await get('/api/v1/map/meetings?bbox=-3.1,47.5,-2.8,47.8&zoom=18&cluster=false')).json();
		assertGeoJson(layer);
		expect(layer.features.map((f: any) => f.properties.title)).toEqual([PUBLIC_MEETING]);
		expect(layer.features[0]).toMatchObject({ geometry: { coordinates: [-2.99, 47.65] }, properties: { status: 'published', stateLabel: 'Prévue' } });
		const layers = (await (await get('/api/v1/map')).json()).items.map((l: { id: string }) => l.id);
		expect(layers).toEqual(['propositions', 'meetings', 'signalements', 'budgets']);
	});

	it('exports no personal field and no personal value (e-mail, name, account id)', async () => {
		for (const dataset of await datasetsList())
			for (const column of dataset.columns) expect(column.name, `${dataset.slug}.${column.name}`).not.toMatch(/e-?mail|author|user|display_?name|password|ip_?address|phone/i);
		const all = await everything();
		for (const person of [world.people.author, world.people.citizens[0], world.people.orgAdmin, world.people.moderator]) {
			expect(all).not.toContain(person.email);
			expect(all).not.toContain(person.name);
			expect(all).not.toContain(person.id);
		}
		expect(all).not.toMatch(/@test\.parvis\.example/);
	});
});

describe('map API', () => {
	const mapQuery = (bbox: number[], extra = '') => `/api/v1/map/propositions?bbox=${bbox.join(',')}${extra}`;

	it('returns exactly the points inside the bounding box, edges included', async () => {
		const boxes = [
			[-2.9985, 47.6025, -2.9945, 47.6055],
			[-2.997, 47.604, -2.997, 47.604],
			[-3, 47.6, -2.989, 47.609],
			[-2.99, 47.61, -2.98, 47.62]
		];
		for (const [west, south, east, north] of boxes) {
			const expected = grid
				.filter((p) => p.longitude >= west && p.longitude <= east && p.latitude >= south && p.latitude <= north)
				.map((p) => p.title)
				.sort();
			const raw = await (await get(mapQuery([west, south, east, north], '&zoom=18&cluster=false&limit=5000'))).json();
			assertGeoJson(raw);
			expect(raw.features.map((f: any) => f.properties.title).sort(), `${west},${south},${east},${north}`).toEqual(expected);
			// Unclustered at street zoom: the same points, with their exact coordinates.
			const street = await (await get(mapQuery([west, south, east, north], '&zoom=18'))).json();
			expect(street.features.map((f: any) => f.properties.title).sort()).toEqual(expected);
			for (const feature of street.features) {
				const point = grid.find((p) => p.title === feature.properties.title)!;
				expect(feature.geometry.coordinates).toEqual([point.longitude, point.latitude]);
			}
		}
	});

	it('clusters at low zoom without losing a point, and answers in application/geo+json', async () => {
		const response = await get(mapQuery([-3.1, 47.5, -2.8, 47.8], '&zoom=10'));
		expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
		const body = await response.json();
		assertGeoJson(body);
		const clusters = body.features.filter((f: any) => f.properties.cluster);
		expect(clusters.length).toBeGreaterThan(0);
		expect(body.features.length).toBeLessThan(20);
		const counted = body.features.reduce((sum: number, f: any) => sum + (f.properties.cluster ? f.properties.count : 1), 0);
		expect(counted).toBe(grid.length + 1);
		expect(body.total).toBe(grid.length + 1);
		expect(clusters.every((c: any) => c.properties.expansionZoom > 10)).toBe(true);
	});

	it('filters by state, space and date, and caps raw items with truncated', async () => {
		const everywhere = [-180, -90, 180, 90];
		const titles = async (extra: string) => (await (await get(mapQuery(everywhere, `&zoom=18&cluster=false&limit=5000${extra}`))).json()).features.map((f: any) => f.properties.title);
		expect(await titles('&state=accepted')).toEqual(['Proposition acceptée']);
		expect(await titles('&from=2026-09-01')).toEqual(['Proposition acceptée']);
		expect(await titles('&to=2026-06-01')).toHaveLength(grid.length);
		expect(await titles(`&space=${world.space.slug}`)).toHaveLength(grid.length + 1);
		expect(await titles(`&space=${world.shallowSpace.slug}`)).toEqual([]);
		expect(await titles(`&space=${world.privateSpace.slug}`)).toEqual([]);
		const capped = await (await get(mapQuery(everywhere, '&zoom=18&cluster=false&limit=5'))).json();
		expect(capped).toMatchObject({ truncated: true });
		expect(capped.features).toHaveLength(5);
		const layers = await (await get('/api/v1/map')).json();
		expect(layers.items[0]).toMatchObject({ id: 'propositions', title: 'Propositions' });
		const spaceOptions = layers.items[0].filters.find((f: any) => f.name === 'space').options.map((o: any) => o.value);
		expect(spaceOptions).toContain(world.space.slug);
		expect(spaceOptions).not.toContain(world.privateSpace.slug);
	});

	it('refuses malformed views with a precise message and unknown layers with 404', async () => {
		for (const [query, field] of [
			['', 'bbox'],
			['?bbox=1,2,3', 'bbox'],
			['?bbox=a,b,c,d', 'bbox'],
			['?bbox=10,0,-10,5', 'bbox'],
			['?bbox=-200,0,10,5', 'bbox'],
			['?bbox=0,0,1,1&zoom=99', 'zoom'],
			['?bbox=0,0,1,1&cluster=false&limit=0', 'limit']
		]) {
			const response = await get(`/api/v1/map/propositions${query}`);
			expect(response.status, query).toBe(422);
			expect(Object.keys((await response.json()).error.fields)).toEqual([field]);
		}
		const unknown = await get('/api/v1/map/inconnue?bbox=0,0,1,1');
		expect(unknown.status).toBe(404);
		expect((await unknown.json()).error.code).toBe('not_found');
	});
});

describe('the API as a door for reusers', () => {
	it('opens CORS for reading the API and the exports, and answers preflights', async () => {
		for (const path of ['/api/v1/datasets', '/opendata/propositions.csv', '/api/v1/map/propositions?bbox=0,0,1,1'])
			expect((await get(path, { origin: 'https://journal.example' })).headers.get('access-control-allow-origin'), path).toBe('*');
		const preflight = await fetch(new URL('/api/v1/proposals', server.url), {
			method: 'OPTIONS',
			headers: { origin: 'https://journal.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' }
		});
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
		expect(preflight.headers.get('access-control-allow-methods')).not.toMatch(/POST/);
	});
});

describe('another licence, and the limits reusers meet', () => {
	let odbl: TestServer;
	let reuser: P;
	beforeAll(async () => {
		// Exports: 50 / 5 = 10 per minute and per address; API 50 anonymous, 1200 with a token.
		odbl = await startServer({
			env: { OPENDATA_LICENCE: 'odbl-1.0', API_RATE_LIMIT_ANONYMOUS: '50' },
			prepare: async (db) => {
				const other = await seedCommunity(db, { citizens: 0 });
				[reuser] = await openSessions(db, [other.people.author]);
			}
		});
	});
	afterAll(async () => {
		await odbl?.dispose();
	});

	it('publishes under the ODbL when configured: list, file headers, zip LICENSE and catalogue', async () => {
		const list = await (await fetch(new URL('/api/v1/datasets', odbl.url))).json();
		expect(list.items.map((d: any) => d.licence.id)).toEqual(list.items.map(() => 'ODbL-1.0'));
		const csv = await fetch(new URL('/opendata/espaces.csv', odbl.url));
		expect(csv.headers.get('link')).toMatch(/opendatacommons\.org.*rel="license"/);
		await csv.text();
		const files = await unzip(Buffer.from(await (await fetch(new URL('/opendata/donnees-csv.zip', odbl.url))).arrayBuffer()));
		expect(files.get('LICENSE')).toContain('OPEN DATABASE LICENSE');
		expect(files.get('README.md')).toContain('ODbL-1.0');
		const expanded = (await jsonld.expand(await (await fetch(new URL('/opendata/catalogue.jsonld', odbl.url))).json())) as any[];
		expect(expanded[0]['http://purl.org/dc/terms/license'][0]['@id']).toContain('opendatacommons.org/licenses/odbl');
	});

	it('limits whole-file downloads per address (429 with Retry-After), a signed-in caller keeps downloading', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 12; i++) {
			const response = await fetch(new URL('/opendata/espaces.csv', odbl.url));
			await response.arrayBuffer();
			statuses.push(response.status);
			if (response.status === 429) {
				expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
				expect(response.headers.get('access-control-allow-origin')).toBe('*');
				break;
			}
		}
		expect(statuses.at(-1)).toBe(429);
		expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(10);
		const created = await apiAs(odbl, reuser, 'POST', '/api/v1/tokens', { name: 'Réutilisation open data' });
		expect(created.status).toBe(201);
		const withToken = await fetch(new URL('/opendata/espaces.csv', odbl.url), { headers: { authorization: `Bearer ${created.body.token}` } });
		expect(withToken.status).toBe(200);
		await withToken.arrayBuffer();
	});

	it('gives a caller with an API token a higher API rate limit than an anonymous one', async () => {
		const created = await apiAs(odbl, reuser, 'POST', '/api/v1/tokens', { name: 'Tableau de bord' });
		const anonymous = await fetch(new URL('/api/v1/datasets', odbl.url));
		const withToken = await fetch(new URL('/api/v1/datasets', odbl.url), { headers: { authorization: `Bearer ${created.body.token}` } });
		expect(withToken.status).toBe(200);
		expect(Number(anonymous.headers.get('ratelimit-limit'))).toBe(50);
		expect(Number(withToken.headers.get('ratelimit-limit'))).toBe(1200);
		const docs = await (await fetch(new URL('/api/docs', odbl.url))).text();
		expect(docs).toContain('Pour les réutilisateurs');
		expect(docs).toContain('50 appels par minute');
	});
});
