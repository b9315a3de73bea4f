import { isNotNull, max, min } from 'drizzle-orm';
import type { PageServerLoad } from './$types';
import { organisations } from '#lib/features/organisations/schema.js';
import { layerDescriptions } from '#lib/features/opendata/server/layers.js';
import { readViewState } from '#lib/features/opendata/view.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = async (event) => {
	const runtime = getRuntime();
	const { db } = runtime.database;
	const layers = await layerDescriptions(db, event.locals.locale);
	// With no view in the URL, the map opens on the organisations' territories.
	const [extent] = await db
		.select({ west: min(organisations.bboxWest), south: min(organisations.bboxSouth), east: max(organisations.bboxEast), north: max(organisations.bboxNorth) })
		.from(organisations)
		.where(isNotNull(organisations.bboxWest));
	const bounds = extent?.west !== null && extent?.west !== undefined ? [extent.west, extent.south!, extent.east!, extent.north!] : null;
	return {
		layers,
		view: readViewState(event.url.searchParams, layers),
		bounds: bounds as [number, number, number, number] | null,
		tiles: runtime.config.map
	};
};
