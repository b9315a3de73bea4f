import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { territoryGeometryOf, territoryInput } from '#lib/features/organisations/api.js';
import { requireOrganisation, setTerritory } from '#lib/features/organisations/server/organisations.js';
import { ApiError } from '#lib/server/api/errors.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The territory as GeoJSON (RFC 7946), or 404 when none is set. */
export const GET: RequestHandler = endpoint(async (event) => {
	const org = await requireOrganisation(getRuntime().database.db, event.params.slug);
	if (!org.territory) throw new ApiError('not_found', `Organisation "${org.slug}" has no territory`);
	return json(
		{ type: 'Feature', properties: { slug: org.slug, name: org.name }, geometry: org.territory },
		{ headers: { 'content-type': 'application/geo+json' } }
	);
});

export const PUT: RequestHandler = endpoint(async (event) => {
	const org = await requireOrganisation(getRuntime().database.db, event.params.slug);
	authorize(event, 'organisation.configure', { organisationId: org.id });
	const geometry = parse(territoryInput, territoryGeometryOf(await readJson(event)), event);
	await setTerritory(getRuntime().database.db, event.locals.actor, org, geometry);
	return new Response(null, { status: 204 });
});
