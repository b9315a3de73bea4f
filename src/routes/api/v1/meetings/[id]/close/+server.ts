import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { meetingCloseInput } from '#lib/features/meetings/api.js';
import { closeMeeting, meetingOr404, toMeetingJson } from '#lib/features/meetings/server/meetings.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await meetingOr404(db, event.params.id, event.locals.actor);
	const input = parse(meetingCloseInput, await readJson(event), event);
	const meeting = await closeMeeting(db, access, event.locals.actor, input);
	return json(toMeetingJson(meeting, siteUrl(event)));
});
