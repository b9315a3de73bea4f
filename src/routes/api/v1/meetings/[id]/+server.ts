import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { meetingUpdateInput } from '#lib/features/meetings/api.js';
import { meetingOr404, toMeetingJson, updateMeeting } from '#lib/features/meetings/server/meetings.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { meeting } = await meetingOr404(db, event.params.id, event.locals.actor);
	return json(toMeetingJson(meeting, siteUrl(event)));
});

export const PATCH: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await meetingOr404(db, event.params.id, event.locals.actor);
	const input = parse(meetingUpdateInput, await readJson(event), event);
	const meeting = await updateMeeting(db, access, event.locals.actor, input, siteUrl(event));
	getRuntime().outbox.kick();
	return json(toMeetingJson(meeting, siteUrl(event)));
});
