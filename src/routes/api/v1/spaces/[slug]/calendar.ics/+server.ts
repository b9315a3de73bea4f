import type { RequestHandler } from './$types';
import { spaceFeed } from '#lib/features/meetings/server/feeds.js';
import { calendarHeaders, renderCalendar } from '#lib/features/meetings/server/ical.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { space } = await spaceOr404(db, event.params.slug, event.locals.actor);
	const events = await spaceFeed(db, space.id, siteUrl(event));
	return new Response(renderCalendar(`${space.title} — ${space.organisationName}`, events), { headers: calendarHeaders(`${space.slug}.ics`) });
});
