import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { castBallot, myBallot, votingOrganisations } from '#lib/features/votes/server/ballots.js';
import { voteOr404, voteStatus } from '#lib/features/votes/server/votes.js';
import { can } from '#lib/server/auth/policy.js';
import { validate } from '#lib/server/api/validation.js';
import { ballotInput } from '#lib/features/votes/api.js';
import { formAction, formFailure, readFormValues } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import { getRuntime } from '#lib/server/runtime.js';

/** A vote, its items and the ballot the visitor may edit (theirs, or their organisation's). */
export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { actor } = event.locals;
		const access = await voteOr404(db, event.params.id, actor);
		const { vote } = access;
		if (vote.spaceSlug !== event.params.slug) error(404);
		const organisations = vote.ballotScope === 'organisation' ? await votingOrganisations(db, access, actor) : [];
		const chosen = organisations.find((o) => o.id === event.url.searchParams.get('organisation')) ?? organisations[0];
		const mayVote = actor.userId !== null && (vote.ballotScope === 'person' || chosen !== undefined);
		return {
			vote: {
				id: vote.id,
				title: vote.title,
				descriptionHtml: renderMarkdown(vote.description),
				pointsPerVoter: vote.pointsPerVoter,
				ballotScope: vote.ballotScope,
				mustUseAll: vote.mustUseAll,
				opensAt: vote.opensAt.toISOString(),
				closesAt: (vote.closedAt ?? vote.closesAt).toISOString(),
				status: voteStatus(vote),
				spaceSlug: vote.spaceSlug,
				spaceTitle: access.space.space.title
			},
			items: access.items.map((item) => ({ id: item.id, title: item.title, description: item.description, category: item.category, url: item.url, costEstimate: item.costEstimate })),
			organisations,
			organisation: chosen ?? null,
			ballot: mayVote ? await myBallot(db, access, actor, chosen?.id) : null,
			signedIn: actor.userId !== null,
			canManage: can(actor, 'vote.manage', access.space.resource)
		};
	});

export const actions: Actions = {
	ballot: async (event) => {
		const { db } = getRuntime().database;
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const { values } = form;
		const result = await formAction(event, values, async () => {
			const access = await voteOr404(db, event.params.id, event.locals.actor);
			const allocations = access.items.map((item) => {
				const raw = String(values[`points.${item.id}`] ?? '').trim();
				return { item_id: item.id, points: raw === '' ? 0 : Number(raw) };
			});
			const parsed = validate(ballotInput, { organisation_id: values.organisation_id || undefined, allocations }, event.locals.locale);
			if (!parsed.success) return { fields: parsed.fields };
			return { ballot: await castBallot(db, access, event.locals.actor, parsed.data) };
		});
		if (!result.ok) return result.failure;
		if ('fields' in result.value) return formFailure(event, 422, 'votes.validation.points', result.value.fields, values);
		return { done: 'saved' };
	}
};
