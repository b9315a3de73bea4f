import type { RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireOrganisation } from '#lib/features/organisations/server/organisations.js';
import { templateInput } from '#lib/features/streetreports/api.js';
import { createTemplate, deleteTemplate, listTemplates, updateTemplate } from '#lib/features/streetreports/server/templates.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import { isUuid, validate } from '#lib/server/api/validation.js';
import { formAction, readFormValues } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

/** An organisation's answer templates, managed by its agents and administrators. */
export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const organisation = await requireOrganisation(db, event.params.slug);
		assertCan(event.locals.actor, 'report.manageTemplates', { organisationId: organisation.id });
		const templates = await listTemplates(db, organisation.id);
		return {
			organisation: { slug: organisation.slug, name: organisation.name },
			templates: templates.map(({ id, title, status, publicText }) => ({ id, title, status: status ?? '', publicText }))
		};
	});

type Run = (context: { organisationId: string; values: Record<string, unknown>; input: () => ReturnType<typeof inputOf>; id: () => string }) => Promise<unknown>;

function inputOf(event: RequestEvent, values: Record<string, unknown>) {
	const result = validate(templateInput, values, event.locals.locale);
	if (!result.success) throw new ApiError('validation_failed', 'form.invalid', result.fields);
	return result.data;
}

/** Authorised first (agents and administrators of the organisation), then validated; refusals keep what was typed. */
async function templateAction(event: RequestEvent<{ slug: string }>, done: string, run: Run) {
	const { db } = getRuntime().database;
	const form = await readFormValues(event);
	if (!form.ok) return form.failure;
	const { values } = form;
	const result = await formAction(event, values, async () => {
		const organisation = await requireOrganisation(db, event.params.slug);
		assertCan(event.locals.actor, 'report.manageTemplates', { organisationId: organisation.id });
		const id = () => {
			if (!isUuid(values.id)) throw new ApiError('not_found', 'streetreports.error.templateNotFound');
			return values.id.toLowerCase();
		};
		return run({ organisationId: organisation.id, values, input: () => inputOf(event, values), id });
	});
	if (!result.ok) return result.failure;
	return { done, id: typeof values.id === 'string' ? values.id : null };
}

export const actions: Actions = {
	create: (event) => templateAction(event, 'created', ({ organisationId, input }) => createTemplate(getRuntime().database.db, event.locals.actor, organisationId, input())),
	update: (event) => templateAction(event, 'updated', ({ organisationId, input, id }) => updateTemplate(getRuntime().database.db, event.locals.actor, organisationId, id(), input())),
	delete: (event) => templateAction(event, 'deleted', ({ organisationId, id }) => deleteTemplate(getRuntime().database.db, event.locals.actor, organisationId, id()))
};
