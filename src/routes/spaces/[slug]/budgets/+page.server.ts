import type { PageServerLoad } from './$types';
import { budgetPath, budgetStatus, listBudgets } from '#lib/features/budgets/server/budgets.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { can } from '#lib/server/auth/policy.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const access = await spaceOr404(db, event.params.slug, event.locals.actor);
		const budgets = await listBudgets(db, access.space.id);
		return {
			space: { slug: access.space.slug, title: access.space.title },
			canManage: can(event.locals.actor, 'budget.manage', access.resource),
			budgets: budgets.map((b) => ({ id: b.id, title: b.title, total: b.totalAmount, status: budgetStatus(b), path: budgetPath(b) }))
		};
	});
