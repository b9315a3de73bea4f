/**
 * A real geocoder on loopback for the tests, answering like the national address API (Base
 * Adresse Nationale, https://adresse.data.gouv.fr/outils/api-doc/adresse): `GET /search?q=&limit=`
 * returns a GeoJSON FeatureCollection of points with `properties.label`, `score`, `type`… over a
 * small address book of Auray. Matching ignores case and accents, as the real service does.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestAddress {
	label: string;
	latitude: number;
	longitude: number;
}

/** In Auray (the demo town, and the integration tests' "ville" territory). */
export const AURAY_ADDRESSES: TestAddress[] = [
	{ label: '12 Rue du Lait 56400 Auray', latitude: 47.6675, longitude: -2.9838 },
	{ label: 'Place de la République 56400 Auray', latitude: 47.6681, longitude: -2.9822 },
	{ label: '5 Rue du Jeu de Paume 56400 Auray', latitude: 47.6655, longitude: -2.9806 }
];

export interface TestGeocoder {
	url: string;
	/** Every `q` received, in order. */
	queries: string[];
	/** Answer the next requests with a 502 (the service is down). */
	failNext(count: number): void;
	close(): Promise<void>;
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export async function startTestGeocoder(options: { port?: number; addresses?: TestAddress[] } = {}): Promise<TestGeocoder> {
	const addresses = options.addresses ?? AURAY_ADDRESSES;
	const queries: string[] = [];
	let failures = 0;
	const server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://geocoder');
		if (request.method !== 'GET' || url.pathname !== '/search') {
			response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 404, message: 'Not found' }));
			return;
		}
		const q = url.searchParams.get('q') ?? '';
		queries.push(q);
		if (failures > 0) {
			failures -= 1;
			response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
			return;
		}
		if (q.trim().length < 3) {
			response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 400, message: 'q must contain between 3 and 200 chars' }));
			return;
		}
		const limit = Number(url.searchParams.get('limit') ?? 5);
		const words = fold(q).split(/\s+/).filter(Boolean);
		const features = addresses
			.map((address) => ({ address, hits: words.filter((word) => fold(address.label).includes(word)).length }))
			.filter(({ hits }) => hits > 0 && hits >= words.length - 1)
			.sort((a, b) => b.hits - a.hits)
			.slice(0, limit)
			.map(({ address, hits }) => ({
				type: 'Feature',
				geometry: { type: 'Point', coordinates: [address.longitude, address.latitude] },
				properties: { label: address.label, score: Math.round((hits / words.length) * 0.97 * 100) / 100, type: 'housenumber', city: 'Auray', postcode: '56400', citycode: '56007' }
			}));
		response
			.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
			.end(JSON.stringify({ type: 'FeatureCollection', version: 'draft', features, attribution: 'BAN', licence: 'ETALAB-2.0', query: q, limit }));
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		queries,
		failNext: (count) => void (failures = count),
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
