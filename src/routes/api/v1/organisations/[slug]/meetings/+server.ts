import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { meetingListQuery } from '#lib/features/meetings/api.js';
import { listMeetings, toMeetingJson } from '#lib/features/meetings/server/meetings.js';
import { requireOrganisation } from '#lib/features/organisations/server/organisations.js';
import { endpoint, parse } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const organisation = await requireOrganisation(db, event.params.slug);
	const query = parse(meetingListQuery, Object.fromEntries(event.url.searchParams), event);
	const page = await listMeetings(db, { organisationId: organisation.id, readableBy: event.locals.actor }, { ...query, from: query.from ? new Date(query.from) : undefined });
	return json({ items: page.items.map((m) => toMeetingJson(m, siteUrl(event))), next_cursor: page.nextCursor });
});
