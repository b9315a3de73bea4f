import type { RequestHandler } from './$types';
import { feedOwner, personalFeed } from '#lib/features/meetings/server/feeds.js';
import { calendarHeaders, renderCalendar } from '#lib/features/meetings/server/ical.js';
import { ApiError } from '#lib/server/api/errors.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The personal feed: the secret in the URL is the only credential (calendar apps send no cookie). */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const userId = await feedOwner(db, event.params.token);
	if (!userId) throw new ApiError('not_found', 'error.notFound');
	const events = await personalFeed(db, userId, siteUrl(event));
	return new Response(renderCalendar('Parvis — mon agenda', events), {
		headers: { ...calendarHeaders('parvis.ics'), 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer' }
	});
});
