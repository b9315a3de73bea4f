import type { PageServerLoad } from './$types';
import { datasetSummaries } from '#lib/features/opendata/server/downloads.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = async (event) => {
	const runtime = getRuntime();
	const datasets = await datasetSummaries(runtime.database.db, siteUrl(event), runtime.config.opendataLicence);
	return { datasets };
};
