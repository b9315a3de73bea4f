import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { addToCalendarLinks } from '#lib/features/meetings/server/ical.js';
import { meetingCancelInput, meetingCloseInput } from '#lib/features/meetings/api.js';
import { linkedItemViews } from '#lib/features/meetings/server/links.js';
import { cancelMeeting, closeMeeting, listRegistrations, meetingEvent, meetingOr404, meetingPath, register, registrationOf, unregister, waitingPosition } from '#lib/features/meetings/server/meetings.js';
import { can } from '#lib/server/auth/policy.js';
import { formAction, readForm, siteUrl } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { actor } = event.locals;
		const access = await meetingOr404(db, event.params.id, actor);
		const { meeting } = access;
		if (meeting.spaceSlug !== event.params.slug) error(404);
		const registration = await registrationOf(db, meeting.id, actor.userId);
		const canManage = can(actor, 'meeting.manage', access.space.resource);
		const registrations = canManage ? await listRegistrations(db, access, actor) : [];
		return {
			canManage,
			updated: event.url.searchParams.has('updated'),
			meetingPath: meetingPath(meeting),
			registrations: registrations.map((r) => ({ id: r.id, name: r.name, status: r.status, code: r.code })),
			meeting: {
				id: meeting.id,
				title: meeting.title,
				descriptionHtml: renderMarkdown(meeting.description),
				mode: meeting.mode,
				address: meeting.address,
				onlineUrl: meeting.onlineUrl,
				longitude: meeting.longitude,
				latitude: meeting.latitude,
				startsAt: meeting.startsAt.toISOString(),
				endsAt: meeting.endsAt.toISOString(),
				timezone: meeting.timezone,
				agenda: meeting.agenda,
				links: await linkedItemViews(db, meeting.links, actor),
				status: meeting.status,
				open: meeting.status === 'published' && meeting.registrationsOpen && meeting.endsAt.getTime() > Date.now(),
				places: meeting.places,
				registered: meeting.registeredCount,
				minutesHtml: meeting.minutes ? renderMarkdown(meeting.minutes) : null,
				attendees: meeting.attendees,
				outcomes: meeting.outcomes,
				organisationName: meeting.organisationName,
				spaceTitle: access.space.space.title
			},
			registration: registration
				? { status: registration.status, code: registration.code, position: await waitingPosition(db, registration) }
				: null,
			canRegister: can(actor, 'meeting.register', access.space.resource),
			icsUrl: `/api/v1/meetings/${meeting.id}/calendar.ics`,
			links: addToCalendarLinks(meetingEvent(meeting, siteUrl(event)))
		};
	});

export const actions: Actions = {
	register: async (event) => {
		const { db } = getRuntime().database;
		const result = await formAction(event, {}, async () => {
			const access = await meetingOr404(db, event.params.id, event.locals.actor);
			await register(db, access, event.locals.actor, siteUrl(event));
		});
		getRuntime().outbox.kick();
		return result.ok ? { done: 'registered' } : result.failure;
	},
	unregister: async (event) => {
		const { db } = getRuntime().database;
		const result = await formAction(event, {}, async () => {
			const access = await meetingOr404(db, event.params.id, event.locals.actor);
			await unregister(db, access, event.locals.actor, siteUrl(event));
		});
		getRuntime().outbox.kick();
		return result.ok ? { done: 'unregistered' } : result.failure;
	},
	cancel: async (event) => {
		const { db } = getRuntime().database;
		const input = await readForm(event, meetingCancelInput);
		if (!input.ok) return input.failure;
		const result = await formAction(event, {}, async () => {
			const access = await meetingOr404(db, event.params.id, event.locals.actor);
			await cancelMeeting(db, access, event.locals.actor, input.data.reason, siteUrl(event));
		});
		getRuntime().outbox.kick();
		return result.ok ? { done: 'cancelled' } : result.failure;
	},
	close: async (event) => {
		const { db } = getRuntime().database;
		const input = await readForm(event, meetingCloseInput);
		if (!input.ok) return input.failure;
		const result = await formAction(event, {}, async () => {
			const access = await meetingOr404(db, event.params.id, event.locals.actor);
			await closeMeeting(db, access, event.locals.actor, input.data);
		});
		return result.ok ? { done: 'closed' } : result.failure;
	}
};
