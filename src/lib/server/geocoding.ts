import { z } from 'zod';
import { ApiError } from './api/errors.js';
import { getRuntime } from './runtime.js';

/**
 * Address search through a geocoder speaking the French national address API (Base Adresse
 * Nationale, served by IGN's Géoplateforme: `GET <base>/search?q=…&limit=…` answering a GeoJSON
 * FeatureCollection whose features carry `properties.label` and `score`). The operator chooses
 * the service (`GEOCODER_URL`), so this is not a user-chosen address and needs no SSRF guard.
 */
export interface Place {
	label: string;
	latitude: number;
	longitude: number;
	/** The service's confidence, 0–1, when it gives one. */
	score: number | null;
}

export const MAX_PLACES = 10;
const REQUEST_TIMEOUT_MS = 5_000;

const feature = z.object({
	geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number()) }),
	properties: z.object({ label: z.string().min(1), score: z.number().optional() }).loose()
});
const answer = z.object({ features: z.array(z.unknown()) });

/** Places matching a free-text address, best first; an empty list when nothing matches. */
export async function searchAddress(query: string, limit = 5): Promise<Place[]> {
	const base = getRuntime().config.geocoderUrl;
	if (!base) throw new ApiError('service_unavailable', 'geocoding.disabled');
	const url = new URL(`${base}/search`);
	url.searchParams.set('q', query);
	url.searchParams.set('limit', String(Math.min(Math.max(limit, 1), MAX_PLACES)));
	let body: unknown;
	try {
		const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), redirect: 'error' });
		if (!response.ok) throw new Error(`HTTP ${response.status}`);
		body = await response.json();
	} catch (error) {
		console.error('[parvis] geocoder unreachable:', error instanceof Error ? error.message : error);
		throw new ApiError('service_unavailable', 'geocoding.unavailable');
	}
	const parsed = answer.safeParse(body);
	if (!parsed.success) {
		console.error('[parvis] geocoder answered something else than a FeatureCollection');
		throw new ApiError('service_unavailable', 'geocoding.unavailable');
	}
	// A malformed feature is skipped rather than failing the whole search.
	return parsed.data.features.flatMap((item) => {
		const place = feature.safeParse(item);
		if (!place.success) return [];
		const [longitude, latitude] = place.data.geometry.coordinates;
		return [{ label: place.data.properties.label, latitude, longitude, score: place.data.properties.score ?? null }];
	});
}
