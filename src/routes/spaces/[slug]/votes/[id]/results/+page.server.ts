import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { pledgeForm, withdrawForm } from '#lib/features/votes/api.js';
import { votingOrganisations } from '#lib/features/votes/server/ballots.js';
import { pledge, withdrawPledge } from '#lib/features/votes/server/pledges.js';
import { mayReadResults, computeResults } from '#lib/features/votes/server/results.js';
import { closeVote, voteOr404, voteStatus } from '#lib/features/votes/server/votes.js';
import { can } from '#lib/server/auth/policy.js';
import { formAction, readForm } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Results (when the vote's rule lets the visitor see them), exports, pledges and closing. */
export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { actor } = event.locals;
		const access = await voteOr404(db, event.params.id, actor);
		if (access.vote.spaceSlug !== event.params.slug) error(404);
		const visible = await mayReadResults(db, access, actor);
		const api = `/api/v1/votes/${access.vote.id}`;
		return {
			vote: { id: access.vote.id, title: access.vote.title, status: voteStatus(access.vote), spaceSlug: access.vote.spaceSlug, pointsPerVoter: access.vote.pointsPerVoter },
			results: visible ? await computeResults(db, access) : null,
			exports: { csv: `${api}/results.csv`, json: `${api}/results`, markdown: `${api}/minutes`, html: `${api}/minutes?format=html` },
			pledgers: await votingOrganisations(db, access, actor),
			canManage: can(actor, 'vote.manage', access.space.resource)
		};
	});

export const actions: Actions = {
	pledge: async (event) => {
		const { db } = getRuntime().database;
		const input = await readForm(event, pledgeForm);
		if (!input.ok) return input.failure;
		const result = await formAction(event, {}, async () => {
			const access = await voteOr404(db, event.params.id, event.locals.actor);
			await pledge(db, access, event.locals.actor, input.data.item_id, input.data);
		});
		return result.ok ? { done: 'pledged' } : result.failure;
	},
	withdraw: async (event) => {
		const { db } = getRuntime().database;
		const input = await readForm(event, withdrawForm);
		if (!input.ok) return input.failure;
		const result = await formAction(event, {}, async () => {
			const access = await voteOr404(db, event.params.id, event.locals.actor);
			await withdrawPledge(db, access, event.locals.actor, input.data.item_id, input.data.organisation_id);
		});
		return result.ok ? { done: 'withdrawn' } : result.failure;
	},
	close: async (event) => {
		const { db } = getRuntime().database;
		const result = await formAction(event, {}, async () => {
			const access = await voteOr404(db, event.params.id, event.locals.actor);
			await closeVote(db, access, event.locals.actor);
		});
		return result.ok ? { done: 'closed' } : result.failure;
	}
};
