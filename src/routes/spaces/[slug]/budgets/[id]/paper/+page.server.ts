import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { paperVotesInput } from '#lib/features/budgets/api.js';
import { budgetOr404, budgetResults, enterPaperVotes } from '#lib/features/budgets/server/budgets.js';
import { importPaperVotesCsv } from '#lib/features/budgets/server/exports.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { validate } from '#lib/server/api/validation.js';
import { formAction, formFailure } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const access = await budgetOr404(db, event.params.id, event.locals.actor);
		if (access.budget.spaceSlug !== event.params.slug) error(404);
		assertCan(event.locals.actor, 'budget.enterPaperVotes', access.space.resource);
		const results = await budgetResults(db, access.budget);
		return {
			budget: { id: access.budget.id, title: access.budget.title, spaceSlug: access.budget.spaceSlug },
			projects: [...results.projects].sort((a, b) => a.number - b.number).map((p) => ({ id: p.id, number: p.number, title: p.title, paperVotes: p.paperVotes }))
		};
	});

export const actions: Actions = {
	enter: async (event) => {
		const { db } = getRuntime().database;
		const form = await event.request.formData();
		const counts = [...form.entries()].filter(([name]) => name.startsWith('votes-')).map(([name, votes]) => ({ project_id: name.slice(6), votes }));
		const parsed = validate(paperVotesInput, { counts }, event.locals.locale);
		if (!parsed.success) return formFailure(event, 422, 'form.invalid', parsed.fields);
		const result = await formAction(event, {}, async () => enterPaperVotes(db, await budgetOr404(db, event.params.id, event.locals.actor), event.locals.actor, parsed.data.counts));
		return result.ok ? { done: 'saved' } : result.failure;
	},
	import: async (event) => {
		const { db } = getRuntime().database;
		const file = (await event.request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0) return formFailure(event, 422, 'budgets.error.csvUnreadable');
		const text = await file.text();
		const result = await formAction(event, {}, async () => importPaperVotesCsv(db, await budgetOr404(db, event.params.id, event.locals.actor), event.locals.actor, text));
		return result.ok ? { done: 'saved' } : result.failure;
	}
};
