import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { listVersions, requireDocument } from '#lib/features/documents/server/documents.js';
import { actAdoptInput } from '#lib/features/publications/api.js';
import { actPath, adoptAct, listRegister, MAX_ACT_ATTACHMENT_MB, MAX_ACT_ATTACHMENTS, nextActNumber } from '#lib/features/publications/server/acts.js';
import { actTypes } from '#lib/features/publications/schema.js';
import { organisationTimezone } from '#lib/features/meetings/server/meetings.js';
import { formInstant } from '#lib/features/meetings/server/time.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { validate } from '#lib/server/api/validation.js';
import { readFormFiles } from '#lib/server/files/base64-files.js';
import { formAction, formFailure, readFormValues } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Adopting a document: pick a frozen version, the type (number proposed), date, signatory, subject and annexes. */
export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { document } = await requireDocument(db, event.params.id, event.locals.actor);
		assertCan(event.locals.actor, 'publications.adopt', { organisationId: document.organisationId });
		const versions = await listVersions(db, document.id, { limit: 50 });
		const today = new Date().toISOString().slice(0, 10);
		const year = Number(today.slice(0, 4));
		const nextNumbers = Object.fromEntries(await Promise.all(actTypes.map(async (type) => [type, await nextActNumber(db, document.organisationId, type, year)])));
		const recent = await listRegister(db, document.organisationId, { limit: 50 });
		return {
			document: { id: document.id, title: document.title },
			versions: versions.items.map((v) => ({ id: v.id, name: v.name, createdAt: v.createdAt.toISOString() })),
			nextNumbers,
			today,
			recentActs: recent.items.map((act) => ({ id: act.id, number: act.number, title: act.title })),
			attachmentLimits: { count: MAX_ACT_ATTACHMENTS, megabytes: MAX_ACT_ATTACHMENT_MB }
		};
	});

const blankToUndefined = (values: Record<string, unknown>) =>
	Object.fromEntries(Object.entries(values).filter(([, value]) => !(typeof value === 'string' && value.trim() === '')));

export const actions: Actions = {
	default: async (event) => {
		const { db } = getRuntime().database;
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const { values, files } = form;
		const attachments = await readFormFiles(files.attachments);
		const result = await formAction(event, values, async () => {
			const { document } = await requireDocument(db, event.params.id, event.locals.actor);
			// A `datetime-local` value is the organisation's wall-clock time.
			const zone = await organisationTimezone(db, document.organisationId);
			const parsed = validate(actAdoptInput, { ...blankToUndefined(values), publish_at: formInstant(values.publish_at, zone) }, event.locals.locale);
			if (!parsed.success) return { fields: parsed.fields };
			return await adoptAct(db, event.locals.actor, { ...parsed.data, attachments });
		});
		if (!result.ok) return result.failure;
		if ('fields' in result.value) return formFailure(event, 422, 'form.invalid', result.value.fields, values);
		getRuntime().outbox.kick();
		redirect(303, actPath(result.value.act));
	}
};
