import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { geocodeQuery } from '#lib/features/streetreports/api.js';
import { endpoint, parse } from '#lib/server/api/endpoint.js';
import { searchAddress } from '#lib/server/geocoding.js';

/** Places matching an address, to put a report on the map from what the person typed. */
export const GET: RequestHandler = endpoint(async (event) => {
	const query = parse(geocodeQuery, Object.fromEntries(event.url.searchParams), event);
	return json({ items: await searchAddress(query.q, query.limit) });
});
