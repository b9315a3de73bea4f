import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { meetingCreateInput, meetingListQuery } from '#lib/features/meetings/api.js';
import { createMeeting, listMeetings, toMeetingJson } from '#lib/features/meetings/server/meetings.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await spaceOr404(db, event.params.slug, event.locals.actor);
	const query = parse(meetingListQuery, Object.fromEntries(event.url.searchParams), event);
	const page = await listMeetings(db, { spaceId: access.space.id }, { ...query, from: query.from ? new Date(query.from) : undefined });
	return json({ items: page.items.map((m) => toMeetingJson(m, siteUrl(event))), next_cursor: page.nextCursor });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await spaceOr404(db, event.params.slug, event.locals.actor);
	const input = parse(meetingCreateInput, await readJson(event), event);
	const meeting = await createMeeting(db, access, event.locals.actor, input);
	getRuntime().outbox.kick();
	return json(toMeetingJson(meeting, siteUrl(event)), { status: 201 });
});
