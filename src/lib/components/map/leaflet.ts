/**
 * Leaflet set-up shared by every map of the portal (the picker, the full-page map).
 *
 * Leaflet touches `window` when it is imported, so it is only ever loaded in the browser, through
 * `loadLeaflet()` (a dynamic import called from `onMount` or an effect). Its default marker icons
 * are resolved by Leaflet from the CSS path at run time, which 404s under Vite: the PNGs are
 * imported here as assets and merged into `L.Icon.Default` once.
 *
 * Base tiles come from a URL template and its attribution given by the caller. An empty URL (or
 * `none`) draws no base layer at all: tests and offline deployments never depend on a tile server.
 */
import type * as Leaflet from 'leaflet';
import iconRetinaUrl from 'leaflet/dist/images/marker-icon-2x.png?url';
import iconUrl from 'leaflet/dist/images/marker-icon.png?url';
import shadowUrl from 'leaflet/dist/images/marker-shadow.png?url';
import 'leaflet/dist/leaflet.css';

export type LeafletModule = typeof Leaflet;

/** IGN's "Plan IGN" (Géoplateforme), free of charge and without a key, drawn for French towns. */
export const DEFAULT_TILE_URL =
	'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}';
export const DEFAULT_TILE_ATTRIBUTION =
	'&copy; <a href="https://www.ign.fr/">IGN</a> – <a href="https://geoservices.ign.fr/">Géoplateforme</a>';

/** Metropolitan France, for a map with nothing to show yet. */
export const DEFAULT_CENTER = { longitude: 2.4, latitude: 46.6 } as const;
export const DEFAULT_ZOOM = 5;

let loading: Promise<LeafletModule> | undefined;

/** Loads Leaflet once, in the browser only, with working default marker icons. */
export function loadLeaflet(): Promise<LeafletModule> {
	if (typeof window === 'undefined') return Promise.reject(new Error('Leaflet only runs in the browser'));
	loading ??= import('leaflet').then((module) => {
		const L = ((module as unknown as { default?: LeafletModule }).default ?? module) as LeafletModule;
		// Leaflet guesses the icon folder from its stylesheet's URL; give it the bundled files instead.
		delete (L.Icon.Default.prototype as unknown as { _getIconUrl?: unknown })._getIconUrl;
		L.Icon.Default.mergeOptions({ iconRetinaUrl, iconUrl, shadowUrl });
		return L;
	});
	return loading;
}

/** True when the URL template means "draw tiles" (not empty, not `none`). */
export function hasTiles(tileUrl: string | null | undefined): tileUrl is string {
	return !!tileUrl && tileUrl.trim() !== '' && tileUrl.trim().toLowerCase() !== 'none';
}

/** Adds the base layer to a map, unless tiles are switched off. */
export function addBaseLayer(
	L: LeafletModule,
	map: Leaflet.Map,
	tileUrl: string | null | undefined = DEFAULT_TILE_URL,
	attribution: string = DEFAULT_TILE_ATTRIBUTION
): Leaflet.TileLayer | null {
	if (!hasTiles(tileUrl)) return null;
	return L.tileLayer(tileUrl, { attribution, maxZoom: 19, crossOrigin: true }).addTo(map);
}

/** Coordinates as stored and shown: six decimals (about 10 cm), longitude wrapped into [-180, 180]. */
export function roundCoordinate(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}

/** Parses a coordinate typed by a person: accepts a French decimal comma; null when not a number in range. */
export function parseCoordinate(text: string, kind: 'longitude' | 'latitude'): number | null {
	const trimmed = text.trim().replace(',', '.');
	if (!/^[-+]?\d+(\.\d+)?$/.test(trimmed)) return null;
	const value = Number(trimmed);
	const limit = kind === 'longitude' ? 180 : 90;
	return Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

/** Zoom buttons with French (or given) titles instead of Leaflet's English ones. */
export function addZoomControl(L: LeafletModule, map: Leaflet.Map, titles: { zoomIn: string; zoomOut: string }): void {
	L.control.zoom({ zoomInTitle: titles.zoomIn, zoomOutTitle: titles.zoomOut }).addTo(map);
}

/** A keyboard-operable map in `container`, with titled zoom buttons and the base layer (if tiles are on). */
export function createMap(
	L: LeafletModule,
	container: HTMLElement,
	options: { zoomTitles: { zoomIn: string; zoomOut: string }; tileUrl: string | null | undefined; attribution?: string }
): Leaflet.Map {
	const map = L.map(container, { keyboard: true, zoomControl: false });
	addZoomControl(L, map, options.zoomTitles);
	addBaseLayer(L, map, options.tileUrl, options.attribution ?? DEFAULT_TILE_ATTRIBUTION);
	return map;
}
