import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { meetingOr404, register, registrationOf, toRegistrationJson, unregister } from '#lib/features/meetings/server/meetings.js';
import { ApiError } from '#lib/server/api/errors.js';
import { endpoint, requireUser } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The caller's own registration: read, sign up (or join the waiting list), cancel. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const user = requireUser(event);
	const { meeting } = await meetingOr404(db, event.params.id, event.locals.actor);
	const registration = await registrationOf(db, meeting.id, user.id);
	if (!registration) throw new ApiError('not_found', 'meetings.error.notRegistered');
	return json(await toRegistrationJson(db, registration));
});

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await meetingOr404(db, event.params.id, event.locals.actor);
	const { registration, created } = await register(db, access, event.locals.actor, siteUrl(event));
	getRuntime().outbox.kick();
	return json(await toRegistrationJson(db, registration), { status: created ? 201 : 200 });
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	requireUser(event);
	const access = await meetingOr404(db, event.params.id, event.locals.actor);
	await unregister(db, access, event.locals.actor, siteUrl(event));
	getRuntime().outbox.kick();
	return new Response(null, { status: 204 });
});
