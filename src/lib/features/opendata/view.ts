/**
 * The map page's state in its URL, so that a view can be shared: `lat`, `lon`, `z`, the active
 * layers (`couches=propositions,signalements`) and each layer's filters as `<layer>.<filter>`.
 * Shared by the page's server load and the browser.
 */
export interface MapViewState {
	center: { latitude: number; longitude: number } | null;
	zoom: number | null;
	layers: string[];
	filters: Record<string, Record<string, string>>;
}

export function readViewState(params: URLSearchParams, layers: { id: string; filters: { name: string }[] }[]): MapViewState {
	const latitude = Number(params.get('lat'));
	const longitude = Number(params.get('lon'));
	const zoom = Number(params.get('z'));
	const center =
		params.has('lat') && params.has('lon') && Number.isFinite(latitude) && Number.isFinite(longitude) && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180
			? { latitude, longitude }
			: null;
	const requested = params.getAll('couches').flatMap((value) => value.split(',')).filter(Boolean);
	const known = layers.map((layer) => layer.id);
	const active = params.has('couches') ? requested.filter((id) => known.includes(id)) : known;
	const filters: MapViewState['filters'] = {};
	for (const layer of layers) {
		filters[layer.id] = {};
		for (const filter of layer.filters) {
			const value = params.get(`${layer.id}.${filter.name}`)?.trim();
			if (value) filters[layer.id][filter.name] = value.slice(0, 100);
		}
	}
	return { center, zoom: params.has('z') && Number.isFinite(zoom) && zoom >= 0 && zoom <= 22 ? zoom : null, layers: active, filters };
}

export function writeViewState(state: MapViewState, allLayers: string[]): URLSearchParams {
	const params = new URLSearchParams();
	if (state.center) {
		params.set('lat', state.center.latitude.toFixed(5));
		params.set('lon', state.center.longitude.toFixed(5));
	}
	if (state.zoom !== null) params.set('z', String(Math.round(state.zoom)));
	if (state.layers.length !== allLayers.length || state.layers.some((id) => !allLayers.includes(id))) params.set('couches', state.layers.join(','));
	for (const [layer, filters] of Object.entries(state.filters))
		for (const [name, value] of Object.entries(filters)) if (value) params.set(`${layer}.${name}`, value);
	return params;
}

/** What a map picker needs from the server: tiles (none when `tileUrl` is null) and where it opens. */
export interface PickerMap {
	tileUrl: string | null;
	tileAttribution?: string;
	/** The organisation's territory when it has one. */
	center?: { longitude: number; latitude: number };
	zoom?: number;
}
