import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { organisationTimezone } from '#lib/features/meetings/server/meetings.js';
import { formInstant } from '#lib/features/meetings/server/time.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { voteCreateInput } from '#lib/features/votes/api.js';
import { candidateProposals, createVote, votePath } from '#lib/features/votes/server/votes.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { validate } from '#lib/server/api/validation.js';
import { formAction, formFailure, readFormValues } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { space, resource } = await spaceOr404(db, event.params.slug, event.locals.actor);
		assertCan(event.locals.actor, 'vote.manage', resource);
		return { space: { slug: space.slug, title: space.title }, timezone: await organisationTimezone(db, space.organisationId), proposals: await candidateProposals(db, space.id) };
	});

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const wholeNumber = (value: unknown) => (text(value) ? Number(text(value)) : null);
const list = (value: unknown) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);

export const actions: Actions = {
	default: async (event) => {
		const { db } = getRuntime().database;
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const { values } = form;
		const result = await formAction(event, values, async () => {
			const access = await spaceOr404(db, event.params.slug, event.locals.actor);
			assertCan(event.locals.actor, 'vote.manage', access.resource);
			const zone = await organisationTimezone(db, access.space.organisationId);
			const instant = (name: string) => formInstant(values[name], zone);
			// Other requests, one per line: "title ; estimate in euros".
			const created = (text(values.new_items) ?? '')
				.split('\n')
				.map((line) => line.split(';').map((part) => part.trim()))
				.filter(([title]) => title)
				.map(([title, cost]) => ({ title, cost_estimate: cost ? Number(cost.replace(/\s/g, '')) : null }));
			const input = {
				title: values.title,
				description: text(values.description) ?? '',
				points_per_voter: wholeNumber(values.points_per_voter) ?? 100,
				ballot_scope: values.ballot_scope,
				must_use_all: values.must_use_all === 'on',
				opens_at: instant('opens_at'),
				closes_at: instant('closes_at'),
				results_visibility: values.results_visibility,
				secrecy: values.secrecy,
				funding_rule: values.funding_rule,
				funded_count: wholeNumber(values.funded_count),
				budget: wholeNumber(values.budget),
				tie_break: values.tie_break,
				items: [...list(values.proposal).map((id) => ({ proposal_id: id, cost_estimate: wholeNumber(values[`cost.${id}`]) })), ...created]
			};
			const parsed = validate(voteCreateInput, input, event.locals.locale);
			if (!parsed.success) return { fields: parsed.fields };
			const vote = await createVote(db, access, event.locals.actor, parsed.data);
			return { vote: vote.vote };
		});
		if (!result.ok) return result.failure;
		if ('fields' in result.value) return formFailure(event, 422, 'form.invalid', result.value.fields, values);
		redirect(303, votePath(result.value.vote));
	}
};
