import Supercluster from 'supercluster';
import type { Db } from '#lib/server/db/client.js';
import type { BoundingBox, MapItem, MapLayer } from '../contract.js';

/**
 * The map's data: the items of a layer inside the view, clustered on the server for the view's
 * zoom, as a GeoJSON FeatureCollection. The browser receives a few hundred features whatever the
 * number of points, and clustering needs no state between requests.
 */

/** At most this many points are read for one view (the layer's bounding-box index keeps it fast). */
export const MAX_VIEW_POINTS = 50_000;
/** From this zoom on, points are never clustered (a street: every marker counts). */
export const CLUSTER_MAX_ZOOM = 17;
export const MAX_LIST_ITEMS = 5_000;

export interface MapRequest {
	bbox: BoundingBox;
	zoom: number;
	filters: Record<string, string>;
	/** false: the items themselves, at most `limit` (the list and table of the view). */
	cluster: boolean;
	limit: number;
}

export type PointFeature = {
	type: 'Feature';
	id: string;
	geometry: { type: 'Point'; coordinates: [number, number] };
	properties: Record<string, string | number | boolean | null>;
};

export interface MapResponse {
	type: 'FeatureCollection';
	features: PointFeature[];
	/** Points inside the view matching the filters (capped at MAX_VIEW_POINTS). */
	total: number;
	/** True when more points matched than were read or returned. */
	truncated: boolean;
}

export function pointFeature(layer: MapLayer, item: MapItem): PointFeature {
	return {
		type: 'Feature',
		id: item.id,
		geometry: { type: 'Point', coordinates: [item.longitude, item.latitude] },
		properties: { layer: layer.id, title: item.title, url: item.url, ...item.properties }
	};
}

/** Keeps only the filters the layer declares (unknown query parameters are ignored). */
export function layerFilters(layer: MapLayer, params: URLSearchParams): Record<string, string> {
	const filters: Record<string, string> = {};
	for (const filter of layer.filters) {
		const value = params.get(filter.name)?.trim();
		if (value) filters[filter.name] = value.slice(0, 100);
	}
	return filters;
}

const WORLD: BoundingBox = [-180, -90, 180, 90];
/** How long a layer's clustering index is reused (the map's data may be this many seconds old). */
export const INDEX_TTL_MS = 15_000;
const MAX_CACHED_INDEXES = 32;

type ClusterIndex = Supercluster<PointFeature['properties'], { count: number }>;
interface LayerIndex {
	points: PointFeature[];
	index: ClusterIndex;
	truncated: boolean;
	expires: number;
}

/**
 * One clustering index per layer and filter set, built from all of the layer's points and kept
 * for INDEX_TTL_MS: panning and zooming then costs a lookup in memory instead of a database read
 * of every point in the view. Bounded (oldest dropped first); concurrent requests share one build.
 */
const indexes = new Map<string, Promise<LayerIndex>>();

function buildIndex(points: PointFeature[]): ClusterIndex {
	const index: ClusterIndex = new Supercluster({ radius: 60, maxZoom: CLUSTER_MAX_ZOOM, minPoints: 2 });
	index.load(points as unknown as Parameters<ClusterIndex['load']>[0]);
	return index;
}

async function layerIndex(db: Db, layer: MapLayer, filters: Record<string, string>, now: number): Promise<LayerIndex> {
	const key = `${layer.id}?${new URLSearchParams(Object.entries(filters).sort()).toString()}`;
	const cached = indexes.get(key);
	if (cached) {
		const ready = await cached.catch(() => null);
		if (ready && ready.expires > now) return ready;
		if (indexes.get(key) === cached) indexes.delete(key);
	}
	const building = (async () => {
		const items = await layer.items(db, { bbox: WORLD, zoom: 0, filters, limit: MAX_VIEW_POINTS + 1 });
		const truncated = items.length > MAX_VIEW_POINTS;
		const points = (truncated ? items.slice(0, MAX_VIEW_POINTS) : items).map((item) => pointFeature(layer, item));
		return { points, index: buildIndex(points), truncated, expires: Date.now() + INDEX_TTL_MS };
	})();
	indexes.set(key, building);
	while (indexes.size > MAX_CACHED_INDEXES) indexes.delete(indexes.keys().next().value!);
	building.catch(() => indexes.delete(key));
	return building;
}

/** Forgets every cached index (tests, or after a bulk import). */
export function clearMapIndexes(): void {
	indexes.clear();
}

const inside = ([west, south, east, north]: BoundingBox) => (point: PointFeature) => {
	const [longitude, latitude] = point.geometry.coordinates;
	return longitude >= west && longitude <= east && latitude >= south && latitude <= north;
};

function clusterFeatures(layer: MapLayer, index: ClusterIndex, points: PointFeature[], bbox: BoundingBox, zoom: number): PointFeature[] {
	if (zoom > CLUSTER_MAX_ZOOM) return points.filter(inside(bbox));
	const byId = new Map(points.map((point) => [point.id, point]));
	return index.getClusters(bbox, Math.floor(zoom)).map((feature) => {
		const properties = feature.properties as Record<string, unknown>;
		if (properties.cluster) {
			const [longitude, latitude] = feature.geometry.coordinates;
			return {
				type: 'Feature' as const,
				id: `cluster-${layer.id}-${properties.cluster_id}`,
				geometry: { type: 'Point' as const, coordinates: [longitude, latitude] as [number, number] },
				properties: {
					layer: layer.id,
					cluster: true,
					count: Number(properties.point_count),
					expansionZoom: Math.min(index.getClusterExpansionZoom(Number(properties.cluster_id)), CLUSTER_MAX_ZOOM + 1)
				}
			};
		}
		// Single points come back reprojected (rounding noise): hand back the original.
		return byId.get(String((feature as { id?: unknown }).id)) ?? (feature as unknown as PointFeature);
	});
}

export async function mapView(db: Db, layer: MapLayer, request: MapRequest, now = Date.now()): Promise<MapResponse> {
	const { bbox, zoom, filters } = request;
	const cached = await layerIndex(db, layer, filters, now);
	if (cached.truncated) {
		// More points than an index holds: read only the view from the database.
		const items = await layer.items(db, { bbox, zoom, filters, limit: (request.cluster ? MAX_VIEW_POINTS : request.limit) + 1 });
		const cap = request.cluster ? MAX_VIEW_POINTS : request.limit;
		const points = items.slice(0, cap).map((item) => pointFeature(layer, item));
		const features = request.cluster ? clusterFeatures(layer, buildIndex(points), points, bbox, zoom) : points;
		return { type: 'FeatureCollection', features, total: points.length, truncated: items.length > cap };
	}
	const visible = cached.points.filter(inside(bbox));
	if (!request.cluster) {
		const kept = visible.slice(0, request.limit);
		return { type: 'FeatureCollection', features: kept, total: visible.length, truncated: visible.length > kept.length };
	}
	return { type: 'FeatureCollection', features: clusterFeatures(layer, cached.index, cached.points, bbox, zoom), total: visible.length, truncated: false };
}

export type ParsedView = { ok: true; bbox: BoundingBox; zoom: number } | { ok: false; field: 'bbox' | 'zoom'; message: string };

/** Reads `bbox=west,south,east,north` and `zoom` from a query string. */
export function parseView(params: URLSearchParams): ParsedView {
	const raw = params.get('bbox');
	if (!raw) return { ok: false, field: 'bbox', message: 'bbox is required: west,south,east,north in WGS 84 degrees' };
	const parts = raw.split(',').map((part) => part.trim());
	const numbers = parts.map(Number);
	if (parts.length !== 4 || parts.some((p) => p === '') || numbers.some((n) => !Number.isFinite(n)))
		return { ok: false, field: 'bbox', message: 'bbox must be four numbers: west,south,east,north' };
	const [west, south, east, north] = numbers;
	if (west < -180 || east > 180 || south < -90 || north > 90)
		return { ok: false, field: 'bbox', message: 'bbox out of range: longitudes within [-180, 180], latitudes within [-90, 90]' };
	if (west > east || south > north) return { ok: false, field: 'bbox', message: 'bbox must have west ≤ east and south ≤ north' };
	const zoomText = params.get('zoom') ?? '0';
	const zoom = Number(zoomText);
	if (zoomText.trim() === '' || !Number.isFinite(zoom) || zoom < 0 || zoom > 24)
		return { ok: false, field: 'zoom', message: 'zoom must be a number between 0 and 24' };
	return { ok: true, bbox: [west, south, east, north], zoom };
}
