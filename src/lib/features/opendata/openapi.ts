import { z } from 'zod';
import type { Operation } from '#lib/server/api/openapi.js';

const localised = z.object({ fr: z.string(), en: z.string() });
const datasetOutput = z.object({
	slug: z.string(),
	title: localised,
	description: localised,
	update_frequency: z.enum(['continuous', 'daily', 'weekly', 'monthly', 'irregular']),
	last_modified: z.iso.datetime().nullable(),
	licence: z.object({ id: z.string(), name: z.string(), url: z.string() }),
	columns: z.array(z.object({ name: z.string(), type: z.string(), description: localised })),
	downloads: z.array(z.object({ format: z.enum(['csv', 'json', 'geojson']), media_type: z.string(), url: z.string() }))
});
const layerOutput = z.object({
	id: z.string(),
	title: z.string(),
	filters: z.array(
		z.object({
			name: z.string(),
			label: z.string(),
			kind: z.enum(['select', 'date', 'text']),
			options: z.array(z.object({ value: z.string(), label: z.string() }))
		})
	)
});
const mapQuery = z.object({
	bbox: z.string().describe('west,south,east,north in WGS 84 degrees, e.g. -3.02,47.65,-2.96,47.69'),
	zoom: z.number().min(0).max(24).optional().describe('Map zoom of the view (default 0); points are clustered below 18.'),
	cluster: z.enum(['true', 'false']).optional().describe('false: the items themselves (for a list or table), at most `limit`.'),
	limit: z.number().int().min(1).max(5000).optional().describe('With cluster=false: at most this many items (default 1000).'),
	state: z.string().optional().describe('Layer filter (see GET /map): proposal state.'),
	category: z.string().optional().describe('Layer filter: category id.'),
	space: z.string().optional().describe('Layer filter: space slug.'),
	from: z.string().optional().describe('Layer filter: published on or after this date (YYYY-MM-DD).'),
	to: z.string().optional().describe('Layer filter: published on or before this date (YYYY-MM-DD).')
});
const featureCollection = z.object({
	type: z.literal('FeatureCollection'),
	features: z.array(
		z.object({
			type: z.literal('Feature'),
			id: z.string(),
			geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
			properties: z.record(z.string(), z.unknown())
		})
	),
	total: z.number().int(),
	truncated: z.boolean()
});

/** Open data and map operations (issue 8). */
export const opendataOperations: Operation[] = [
	{
		method: 'get', path: '/datasets', tag: 'Open data', auth: 'public',
		summary: 'Every open dataset: description, licence, update frequency, last change, columns and download URLs (CSV, JSON, GeoJSON).',
		response: { status: 200, description: 'The datasets.', schema: z.object({ items: z.array(datasetOutput) }) },
		errors: []
	},
	{
		method: 'get', path: '/map', tag: 'Open data', auth: 'public',
		summary: 'The map layers and the filters each understands (with their options).',
		response: { status: 200, description: 'The layers.', schema: z.object({ items: z.array(layerOutput) }) },
		errors: []
	},
	{
		method: 'get', path: '/map/{slug}', tag: 'Open data', auth: 'public',
		summary: 'GeoJSON (application/geo+json) of one layer inside a bounding box: clusters (`cluster: true`, `count`, `expansionZoom`) and points, or with cluster=false the items themselves.',
		query: mapQuery,
		response: { status: 200, description: 'A FeatureCollection (RFC 7946, longitude first).', schema: featureCollection },
		errors: ['validation_failed', 'not_found']
	}
];
