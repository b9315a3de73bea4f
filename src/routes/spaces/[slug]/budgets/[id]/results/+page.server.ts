import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { budgetOr404, budgetStatus, readableResults } from '#lib/features/budgets/server/budgets.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const access = await budgetOr404(db, event.params.id, event.locals.actor);
		if (access.budget.spaceSlug !== event.params.slug) error(404);
		const results = await readableResults(db, access, event.locals.actor);
		return {
			budget: { id: access.budget.id, title: access.budget.title, total: access.budget.totalAmount, status: budgetStatus(access.budget), spaceSlug: access.budget.spaceSlug },
			results: {
				selectedTotal: results.selectedTotal,
				voters: results.voters,
				paperVotes: results.paperVotes,
				projects: results.projects.map(({ id, number, title, cost, onlineVotes, paperVotes, votes, rank, selected }) => ({ id, number, title, cost, onlineVotes, paperVotes, votes, rank, selected }))
			}
		};
	});
