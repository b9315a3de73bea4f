import { redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { meetingCreateInput } from '#lib/features/meetings/api.js';
import { createMeeting, meetingPath } from '#lib/features/meetings/server/meetings.js';
import { wallClockToInstant } from '#lib/features/meetings/server/time.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { formToObject, validate } from '#lib/server/api/validation.js';
import { organisations } from '#lib/server/db/schema.js';
import { formAction, formFailure } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

async function timezoneOf(organisationId: string) {
	const [row] = await getRuntime().database.db.select({ timezone: organisations.timezone }).from(organisations).where(eq(organisations.id, organisationId));
	return row?.timezone ?? 'Europe/Paris';
}

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { space, resource } = await spaceOr404(getRuntime().database.db, event.params.slug, event.locals.actor);
		assertCan(event.locals.actor, 'meeting.manage', resource);
		return { space: { slug: space.slug, title: space.title }, timezone: await timezoneOf(space.organisationId) };
	});

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

export const actions: Actions = {
	default: async (event) => {
		const { db } = getRuntime().database;
		let values: Record<string, unknown>;
		try {
			values = formToObject(await event.request.formData());
		} catch {
			return formFailure(event, 400, 'error.badRequest');
		}
		const result = await formAction(event, values, async () => {
			const access = await spaceOr404(db, event.params.slug, event.locals.actor);
			assertCan(event.locals.actor, 'meeting.manage', access.resource);
			const zone = await timezoneOf(access.space.organisationId);
			const instant = (name: string) => {
				const local = text(values[name]);
				return local ? (wallClockToInstant(local, zone)?.toISOString() ?? local) : undefined;
			};
			const input = {
				title: values.title,
				description: text(values.description) ?? '',
				mode: values.mode,
				address: text(values.address) ?? null,
				online_url: text(values.online_url) ?? null,
				longitude: text(values.longitude) ?? null,
				latitude: text(values.latitude) ?? null,
				starts_at: instant('starts_at'),
				ends_at: instant('ends_at'),
				agenda: (text(values.agenda) ?? '')
					.split('\n')
					.map((line) => line.trim())
					.filter(Boolean)
					.map((title) => ({ title })),
				registrations_open: values.registrations_open === 'on',
				places: text(values.places) ? Number(values.places) : null
			};
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
