import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { photoVisibilityInput } from '#lib/features/streetreports/api.js';
import { photoJson, photoPosition, setPhotoHidden } from '#lib/features/streetreports/server/photos.js';
import { reportOr404 } from '#lib/features/streetreports/server/reports.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** An agent of the handling organisation hides a photo from the public, or shows it again. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const report = await reportOr404(db, event.params.id);
	const position = photoPosition(event.params.position);
	const input = parse(photoVisibilityInput, await readJson(event), event);
	const photo = await setPhotoHidden(db, event.locals.actor, report, position, input.hidden);
	return json(photoJson(report.id, photo, siteUrl(event), true));
});
