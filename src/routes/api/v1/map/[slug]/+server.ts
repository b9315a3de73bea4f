import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { findMapLayer } from '#lib/features/opendata/server/registry.js';
import { layerFilters, MAX_LIST_ITEMS, mapView, parseView } from '#lib/features/opendata/server/map.js';
import { ApiError } from '#lib/server/api/errors.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** GeoJSON of one layer inside a bounding box, clustered for the zoom (or the raw items, `cluster=false`). */
export const GET: RequestHandler = endpoint(async (event) => {
	const layer = findMapLayer(event.params.slug);
	if (!layer) throw new ApiError('not_found', `No map layer ${event.params.slug}`);
	const params = event.url.searchParams;
	const view = parseView(params);
	if (!view.ok) throw new ApiError('validation_failed', 'error.validation', { [view.field]: view.message });
	const cluster = params.get('cluster') !== 'false';
	const limitText = params.get('limit') ?? '1000';
	const limit = Number(limitText);
	if (!/^\d+$/.test(limitText) || limit < 1 || limit > MAX_LIST_ITEMS)
		throw new ApiError('validation_failed', 'error.validation', { limit: `limit must be a whole number between 1 and ${MAX_LIST_ITEMS}` });
	const body = await mapView(getRuntime().database.db, layer, { bbox: view.bbox, zoom: view.zoom, filters: layerFilters(layer, params), cluster, limit });
	return json(body, { headers: { 'content-type': 'application/geo+json; charset=utf-8', 'cache-control': 'public, max-age=30' } });
});
