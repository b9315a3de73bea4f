import type { RequestHandler } from './$types';
import { calendarHeaders, renderCalendar } from '#lib/features/meetings/server/ical.js';
import { meetingEvent, meetingOr404 } from '#lib/features/meetings/server/meetings.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { meeting } = await meetingOr404(db, event.params.id, event.locals.actor);
	return new Response(renderCalendar(meeting.title, [meetingEvent(meeting, siteUrl(event))]), { headers: calendarHeaders(`reunion-${meeting.id}.ics`) });
});
