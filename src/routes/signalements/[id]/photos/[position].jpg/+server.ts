import type { RequestHandler } from './$types';
import { photoFor, photoPosition } from '#lib/features/streetreports/server/photos.js';
import { isHandler, reportOr404 } from '#lib/features/streetreports/server/reports.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/**
 * A report's photo, re-encoded JPEG. Public while visible (cached a minute, so hiding one takes
 * effect quickly); a hidden one only to the organisation's agents, never stored by a cache.
 */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const report = await reportOr404(db, event.params.id);
	const photo = await photoFor(db, report, photoPosition(event.params.position), isHandler(event.locals.actor, report));
	return new Response(Buffer.from(photo.jpeg), {
		headers: {
			'content-type': 'image/jpeg',
			'content-length': String(photo.jpeg.byteLength),
			'cache-control': photo.hiddenAt ? 'private, no-store' : 'public, max-age=60',
			'x-content-type-options': 'nosniff'
		}
	});
});
