import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { exportResponse } from '#lib/features/opendata/server/downloads.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Open-data files: `<dataset>.csv|json|geojson`, the zip of all CSVs, the DCAT catalogue. */
export const GET: RequestHandler = async (event) => {
	const runtime = getRuntime();
	const response = await exportResponse(event.params.file, {
		db: runtime.database.db,
		siteUrl: siteUrl(event),
		licenceId: runtime.config.opendataLicence,
		now: new Date()
	});
	if (!response) error(404, 'error.notFound');
	return response;
};
