import { eq } from 'drizzle-orm';
import { organisations } from '#lib/features/organisations/schema.js';
import type { Db } from '#lib/server/db/client.js';
import { getRuntime } from '#lib/server/runtime.js';

import type { PickerMap } from '../view.js';

/** The zoom at which a box of this many degrees fills a map of about 600 pixels. */
export function zoomForSpan(longitudeSpan: number, latitudeSpan: number): number {
	const span = Math.max(longitudeSpan, latitudeSpan * 1.5, 1e-4);
	return Math.max(5, Math.min(16, Math.floor(Math.log2((360 * 600) / 256 / span))));
}

/** Tiles from the configuration, opening on the organisation's territory. */
export async function pickerMap(db: Db, organisationId: string): Promise<PickerMap> {
	const { tileUrl, tileAttribution } = getRuntime().config.map;
	const [box] = await db
		.select({ west: organisations.bboxWest, south: organisations.bboxSouth, east: organisations.bboxEast, north: organisations.bboxNorth })
		.from(organisations)
		.where(eq(organisations.id, organisationId));
	if (!box || box.west === null || box.south === null || box.east === null || box.north === null) return { tileUrl, tileAttribution };
	return {
		tileUrl,
		tileAttribution,
		center: { longitude: (box.west + box.east) / 2, latitude: (box.south + box.north) / 2 },
		zoom: zoomForSpan(box.east - box.west, box.north - box.south)
	};
}
