import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { datasetSummaries } from '#lib/features/opendata/server/downloads.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const runtime = getRuntime();
	return json({ items: await datasetSummaries(runtime.database.db, siteUrl(event), runtime.config.opendataLicence) });
});
