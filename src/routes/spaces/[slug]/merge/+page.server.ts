import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { mergeInput, proposalListQuery } from '#lib/features/proposals/api.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { listProposals, mergeProposals } from '#lib/features/proposals/server/proposals.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { formAction, readForm } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { space, resource } = await spaceOr404(db, event.params.slug, event.locals.actor);
		assertCan(event.locals.actor, 'proposal.merge', resource);
		const q = event.url.searchParams.get('q') ?? '';
		const page = await listProposals(db, space, proposalListQuery.parse({ q: q || undefined, limit: 100 }));
		return {
			space: { slug: space.slug, title: space.title },
			q,
			proposals: page.items.map(({ id, number, title, supportsCount }) => ({ id, number, title, supportsCount }))
		};
	});

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event, mergeInput);
		if (!form.ok) return form.failure;
		const { db } = getRuntime().database;
		const merged = await formAction(event, form.data, async () =>
			mergeProposals(db, event.locals.actor, await spaceOr404(db, event.params.slug, event.locals.actor), form.data)
		);
		if (!merged.ok) return merged.failure;
		redirect(303, `/spaces/${event.params.slug}/proposals/${merged.value.number}`);
	}
};
