import type { Db } from '#lib/server/db/client.js';

/**
 * What a feature hands to the open-data portal and the map. Each feature describes its own
 * datasets and layers (it alone knows which of its rows are public and which columns are
 * personal); the open-data feature serves them in every format, lists them in the catalogue and
 * draws them on the map. A new dataset is one more entry in the registry, nothing else.
 */

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'datetime' | 'date';
type Localised = { fr: string; en: string };

export interface DatasetColumn {
	name: string;
	type: ColumnType;
	description: Localised;
}

/** One exported row: column name → value (null when absent). Never personal data. */
export type DatasetRow = Record<string, string | number | boolean | null>;

export interface OpenDataset {
	/** URL segment and file name: `/opendata/<slug>.csv`. */
	slug: string;
	title: Localised;
	description: Localised;
	/** DCAT frequency, e.g. 'continuous', 'daily'. */
	updateFrequency: 'continuous' | 'daily' | 'weekly' | 'monthly' | 'irregular';
	columns: DatasetColumn[];
	/** Rows with `longitude` and `latitude` columns (WGS 84) are also published as GeoJSON. */
	geo: boolean;
	/**
	 * Only public, published, non-hidden content of public spaces, in a stable order, read in
	 * keyset pages so that exporting 100,000 rows keeps memory flat.
	 */
	rows(db: Db): AsyncIterable<DatasetRow>;
	/** When the data last changed (null: no row yet). */
	lastModified(db: Db): Promise<Date | null>;
	/**
	 * Optional: a column holding a GeoJSON geometry as text (a territory's polygon). Rows that have
	 * it are published as GeoJSON with that geometry instead of a longitude/latitude point.
	 */
	geometryColumn?: string;
	/** Optional keywords for the DCAT catalogue. */
	keywords?: string[];
}

/** [west, south, east, north] in WGS 84 degrees. */
export type BoundingBox = [number, number, number, number];

export interface MapQuery {
	bbox: BoundingBox;
	zoom: number;
	/** Layer-specific filters from the URL (category, state, space, from, to…). */
	filters: Record<string, string>;
	limit: number;
}

/** A point on the map: GeoJSON coordinates order (longitude, latitude). */
export interface MapItem {
	id: string;
	longitude: number;
	latitude: number;
	title: string;
	/** Portal path of the item's page. */
	url: string;
	/**
	 * Short facts shown in the popup and the table. The map page reads `stateLabel` (state column and
	 * popup), `category` and `date` (ISO 8601, the date column); a layer may add its own.
	 */
	properties: Record<string, string | number | null>;
}

export interface MapLayer {
	id: string;
	title: Localised;
	/** Filters the layer understands, for the map's filter form. */
	filters: {
		name: string;
		label: Localised;
		options?: { value: string; label: Localised }[];
		/** Optional: options read from the database (categories, spaces); wins over `options`. */
		optionsFrom?: (db: Db) => Promise<{ value: string; label: Localised }[]>;
		/** Optional: `date` renders a date field (for `from`/`to`); default a list or a text field. */
		kind?: 'date' | 'text';
	}[];
	/** Public items inside the bounding box, at most `limit`. */
	items(db: Db, query: MapQuery): Promise<MapItem[]>;
}
