import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { budgetCreateInput } from '#lib/features/budgets/api.js';
import { budgetPath, createBudget } from '#lib/features/budgets/server/budgets.js';
import { organisationTimezone } from '#lib/features/meetings/server/meetings.js';
import { formInstant } from '#lib/features/meetings/server/time.js';
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

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

export const actions: Actions = {
	default: async (event) => {
		const { db } = getRuntime().database;
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const { values } = form;
		const result = await formAction(event, values, async () => {
			const access = await spaceOr404(db, event.params.slug, event.locals.actor);
			const zone = await organisationTimezone(db, access.space.organisationId);
			const instant = (name: string) => formInstant(values[name], zone);
			const input = {
				title: values.title,
				description: text(values.description) ?? '',
				total_amount: text(values.total_amount),
				rule: values.rule,
				min_share_percent: text(values.min_share_percent) ?? null,
				min_projects: text(values.min_projects) ?? null,
				max_projects: text(values.max_projects) ?? null,
				eligibility: values.eligibility,
				min_account_age_days: text(values.min_account_age_days) ?? null,
				resident_postal_codes: (text(values.resident_postal_codes) ?? '').split(/[\s,;]+/).filter(Boolean),
				opens_at: instant('opens_at'),
				closes_at: instant('closes_at')
			};
			const parsed = validate(budgetCreateInput, input, event.locals.locale);
			if (!parsed.success) return { fields: parsed.fields };
			return { budget: await createBudget(db, access, event.locals.actor, parsed.data) };
		});
		if (!result.ok) return result.failure;
		if ('fields' in result.value) return formFailure(event, 422, 'form.invalid', result.value.fields, values);
		redirect(303, budgetPath(result.value.budget));
	}
};
