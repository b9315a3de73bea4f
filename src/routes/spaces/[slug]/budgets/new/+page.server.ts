import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { budgetCreateInput } from '#lib/features/budgets/api.js';
import { budgetPath, createBudget } from '#lib/features/budgets/server/budgets.js';
import { budgetFormInput } from '#lib/features/budgets/server/form.js';
import { organisationTimezone } from '#lib/features/meetings/server/meetings.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { validate } from '#lib/server/api/validation.js';
import { formAction, formFailure, readFormValues } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { space, resource } = await spaceOr404(getRuntime().database.db, event.params.slug, event.locals.actor);
		assertCan(event.locals.actor, 'budget.manage', resource);
		return { space: { slug: space.slug, title: space.title } };
	});

export const actions: Actions = {
	default: async (event) => {
		const { db } = getRuntime().database;
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const { values } = form;
		const result = await formAction(event, values, async () => {
			const access = await spaceOr404(db, event.params.slug, event.locals.actor);
			const input = budgetFormInput(values, await organisationTimezone(db, access.space.organisationId));
			const parsed = validate(budgetCreateInput, input, event.locals.locale);
			if (!parsed.success) return { fields: parsed.fields };
			return { budget: await createBudget(db, access, event.locals.actor, parsed.data) };
		});
		if (!result.ok) return result.failure;
		if ('fields' in result.value) return formFailure(event, 422, 'form.invalid', result.value.fields, values);
		redirect(303, budgetPath(result.value.budget));
	}
};
