import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { meetingCreateInput } from '#lib/features/meetings/api.js';
import { meetingFormInput } from '#lib/features/meetings/server/form.js';
import { createMeeting, meetingPath, organisationTimezone } from '#lib/features/meetings/server/meetings.js';
import { pickerMap } from '#lib/features/opendata/server/views.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { validate } from '#lib/server/api/validation.js';
import { formAction, formFailure, readFormValues } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { space, resource } = await spaceOr404(db, event.params.slug, event.locals.actor);
		assertCan(event.locals.actor, 'meeting.manage', resource);
		return {
			space: { slug: space.slug, title: space.title },
			timezone: await organisationTimezone(db, space.organisationId),
			map: await pickerMap(db, space.organisationId)
		};
	});

export const actions: Actions = {
	default: async (event) => {
		const { db } = getRuntime().database;
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const { values } = form;
		const result = await formAction(event, values, async () => {
			const access = await spaceOr404(db, event.params.slug, event.locals.actor);
			assertCan(event.locals.actor, 'meeting.manage', access.resource);
			const input = meetingFormInput(values, await organisationTimezone(db, access.space.organisationId));
			const parsed = validate(meetingCreateInput, input, event.locals.locale);
			if (!parsed.success) return { fields: parsed.fields };
			return { meeting: await createMeeting(db, access, event.locals.actor, parsed.data) };
		});
		if (!result.ok) return result.failure;
		if ('fields' in result.value) return formFailure(event, 422, 'form.invalid', result.value.fields, values);
		getRuntime().outbox.kick();
		redirect(303, meetingPath(result.value.meeting));
	}
};
