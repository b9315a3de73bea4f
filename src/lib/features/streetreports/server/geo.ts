import type { TerritoryGeometry } from '#lib/features/organisations/schema.js';

/**
 * Even-odd ray casting on one ring (lon/lat treated as planar: territories are small enough).
 * A point exactly on an edge may fall either side; routing never depends on that.
 */
function insideRing(lon: number, lat: number, ring: number[][]): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i];
		const [xj, yj] = ring[j];
		if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

/** Inside the outer ring of one of the polygons and outside each of that polygon's holes. */
export function territoryContains(territory: TerritoryGeometry, lon: number, lat: number): boolean {
	const polygons = territory.type === 'Polygon' ? [territory.coordinates] : territory.coordinates;
	return polygons.some(([outer, ...holes]) => outer && insideRing(lon, lat, outer) && !holes.some((hole) => insideRing(lon, lat, hole)));
}

const EARTH_RADIUS_M = 6_371_000;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
	const rad = Math.PI / 180;
	const dLat = (b.latitude - a.latitude) * rad;
	const dLon = (b.longitude - a.longitude) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A box around a point wide enough to hold every point within `metres` (SQL pre-filter). */
export function boxAround(point: { latitude: number; longitude: number }, metres: number) {
	const dLat = (metres / EARTH_RADIUS_M) * (180 / Math.PI);
	const dLon = dLat / Math.max(0.01, Math.cos((point.latitude * Math.PI) / 180));
	return { south: point.latitude - dLat, north: point.latitude + dLat, west: point.longitude - dLon, east: point.longitude + dLon };
}
