import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { meetingCreateInput } from '#lib/features/meetings/api.js';
import { meetingFormInput, meetingFormValues } from '#lib/features/meetings/server/form.js';
import { meetingOr404, meetingPath, updateMeeting } from '#lib/features/meetings/server/meetings.js';
import { pickerMap } from '#lib/features/opendata/server/views.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { validate } from '#lib/server/api/validation.js';
import { formAction, formFailure, siteUrl, readFormValues } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const access = await meetingOr404(db, event.params.id, event.locals.actor);
		const { meeting } = access;
		if (meeting.spaceSlug !== event.params.slug) error(404);
		assertCan(event.locals.actor, 'meeting.manage', access.space.resource);
		return {
			meeting: { id: meeting.id, title: meeting.title, status: meeting.status, registered: meeting.registeredCount, url: meetingPath(meeting) },
			values: meetingFormValues(meeting),
			timezone: meeting.timezone,
			map: await pickerMap(db, meeting.organisationId)
		};
	});

export const actions: Actions = {
	default: async (event) => {
		const { db } = getRuntime().database;
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const { values } = form;
		const result = await formAction(event, values, async () => {
			const access = await meetingOr404(db, event.params.id, event.locals.actor);
			assertCan(event.locals.actor, 'meeting.manage', access.space.resource);
			const parsed = validate(meetingCreateInput, meetingFormInput(values, access.meeting.timezone), event.locals.locale);
			if (!parsed.success) return { fields: parsed.fields };
			// The form does not edit linked items: they stay as they are.
			return { meeting: await updateMeeting(db, access, event.locals.actor, { ...parsed.data, links: access.meeting.links }, siteUrl(event)) };
		});
		if (!result.ok) return result.failure;
		if ('fields' in result.value) return formFailure(event, 422, 'form.invalid', result.value.fields, values);
		getRuntime().outbox.kick();
		redirect(303, `${meetingPath(result.value.meeting)}?updated=1`);
	}
};
