import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { fallbackInput } from '#lib/features/streetreports/api.js';
import { setFallbackOrganisation } from '#lib/features/streetreports/server/settings.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The organisation that gets reports nobody is competent for (platform administrators). */
export const PUT: RequestHandler = endpoint(async (event) => {
	authorize(event, 'report.administer');
	const input = parse(fallbackInput, await readJson(event), event);
	const organisation = await setFallbackOrganisation(getRuntime().database.db, event.locals.actor, input.organisation);
	return json({ organisation: organisation.slug });
});
