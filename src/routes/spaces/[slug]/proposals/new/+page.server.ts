import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { proposalCreateInput } from '#lib/features/proposals/api.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { categoriesOf, createProposal } from '#lib/features/proposals/server/proposals.js';
import { assertCapability } from '#lib/features/spaces/server/spaces.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { can } from '#lib/server/auth/policy.js';
import { formAction, readForm } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';
import { pickerMap } from '#lib/features/opendata/server/views.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { space, resource } = await spaceOr404(db, event.params.slug, event.locals.actor);
		assertCan(event.locals.actor, 'space.participate', resource);
		const canPublishOfficial = can(event.locals.actor, 'proposal.publishOfficial', resource);
		if (!canPublishOfficial) await assertCapability(db, space, 'proposals');
		const categories = await categoriesOf(db, space.organisationId);
		return {
			space: { slug: space.slug, title: space.title, organisationName: space.organisationName },
			categories: categories.map(({ id, name }) => ({ id, name })),
			canPublishOfficial,
			map: await pickerMap(db, space.organisationId)
		};
	});

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event, proposalCreateInput);
		if (!form.ok) return form.failure;
		const { db } = getRuntime().database;
		const created = await formAction(event, form.data, async () => {
			const access = await spaceOr404(db, event.params.slug, event.locals.actor);
			return createProposal(db, event.locals.actor, access, form.data);
		});
		if (!created.ok) return created.failure;
		redirect(303, `/spaces/${event.params.slug}/proposals/${created.value.number}`);
	}
};
