import type { RequestHandler } from './$types';
import { organisationFeed } from '#lib/features/meetings/server/feeds.js';
import { calendarHeaders, renderCalendar } from '#lib/features/meetings/server/ical.js';
import { requireOrganisation } from '#lib/features/organisations/server/organisations.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const organisation = await requireOrganisation(db, event.params.slug);
	const events = await organisationFeed(db, organisation.id, siteUrl(event));
	return new Response(renderCalendar(organisation.name, events), { headers: calendarHeaders(`${organisation.slug}.ics`) });
});
