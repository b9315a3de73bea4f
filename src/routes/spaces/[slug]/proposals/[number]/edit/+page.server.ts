import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { proposalInput } from '#lib/features/proposals/api.js';
import { proposalOr404, spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { categoriesOf, updateProposal } from '#lib/features/proposals/server/proposals.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { formAction, readForm } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';
import { pickerMap } from '#lib/features/opendata/server/views.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const access = await spaceOr404(db, event.params.slug, event.locals.actor);
		const { proposal, resource, space } = await proposalOr404(db, access, event.params.number, event.locals.actor);
		assertCan(event.locals.actor, 'proposal.edit', resource);
		return {
			map: await pickerMap(db, space.organisationId),
			space: { slug: space.slug, title: space.title },
			proposal: {
				number: proposal.number,
				title: proposal.title,
				body: proposal.body,
				categoryId: proposal.categoryId,
				longitude: proposal.longitude,
				latitude: proposal.latitude,
				address: proposal.address
			},
			categories: (await categoriesOf(db, space.organisationId)).map(({ id, name }) => ({ id, name }))
		};
	});

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event, proposalInput);
		if (!form.ok) return form.failure;
		const { db } = getRuntime().database;
		const saved = await formAction(event, form.data, async () => {
			const access = await spaceOr404(db, event.params.slug, event.locals.actor);
			return updateProposal(db, event.locals.actor, await proposalOr404(db, access, event.params.number, event.locals.actor), form.data);
		});
		if (!saved.ok) return saved.failure;
		redirect(303, `/spaces/${event.params.slug}/proposals/${event.params.number}`);
	}
};
