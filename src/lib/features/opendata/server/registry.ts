import { commentsDatasets } from '#lib/features/comments/server/opendata.js';
import { organisationsDatasets } from '#lib/features/organisations/server/opendata.js';
import { proposalsDatasets, proposalsMapLayers } from '#lib/features/proposals/server/opendata.js';
import { meetingsDatasets, meetingsMapLayers } from '#lib/features/meetings/server/opendata.js';
import { spacesDatasets } from '#lib/features/spaces/server/opendata.js';
import { publicationsDatasets } from '#lib/features/publications/server/opendata.js';
import { votesDatasets } from '#lib/features/votes/server/opendata.js';
import { streetReportsDatasets, streetReportsMapLayers } from '#lib/features/streetreports/server/opendata.js';
import { budgetsDatasets, budgetsMapLayers } from '#lib/features/budgets/server/opendata.js';
import type { MapLayer, OpenDataset } from '../contract.js';

/**
 * Every dataset the portal publishes and every layer its map draws. A feature with public data
 * exports `<feature>Datasets` (and `<feature>MapLayers` when located) from its
 * `server/opendata.ts`; wiring it is one spread below. Order here is the order on the
 * "Données ouvertes" page, in the catalogue and in the zip; slugs and layer ids must be unique
 * (checked at start-up by `assertRegistry`).
 */
export const datasets: OpenDataset[] = [
	...proposalsDatasets,
	...commentsDatasets,
	...spacesDatasets,
	...organisationsDatasets,
	...meetingsDatasets,
	...publicationsDatasets,
	...votesDatasets,
	...streetReportsDatasets,
	...budgetsDatasets
];

export const mapLayers: MapLayer[] = [...proposalsMapLayers, ...meetingsMapLayers, ...streetReportsMapLayers, ...budgetsMapLayers];

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

/** Throws on a duplicate or malformed slug or layer id (a wiring mistake at merge time). */
export function assertRegistry(sets: OpenDataset[] = datasets, layers: MapLayer[] = mapLayers): void {
	const seen = new Set<string>();
	for (const dataset of sets) {
		if (!SLUG.test(dataset.slug)) throw new Error(`Open data: malformed dataset slug ${dataset.slug}`);
		if (seen.has(dataset.slug)) throw new Error(`Open data: two datasets named ${dataset.slug}`);
		seen.add(dataset.slug);
		if (dataset.geo && !dataset.geometryColumn) {
			const names = dataset.columns.map((c) => c.name);
			if (!names.includes('longitude') || !names.includes('latitude'))
				throw new Error(`Open data: geo dataset ${dataset.slug} needs longitude and latitude columns`);
		}
	}
	const layerIds = new Set<string>();
	for (const layer of layers) {
		if (!SLUG.test(layer.id)) throw new Error(`Map: malformed layer id ${layer.id}`);
		if (layerIds.has(layer.id)) throw new Error(`Map: two layers named ${layer.id}`);
		layerIds.add(layer.id);
	}
}
assertRegistry();

export function findDataset(slug: string): OpenDataset | undefined {
	return datasets.find((dataset) => dataset.slug === slug);
}

export function findMapLayer(id: string): MapLayer | undefined {
	return mapLayers.find((layer) => layer.id === id);
}
