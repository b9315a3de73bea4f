import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { findOrganisation, listOrganisations, organisationsOf } from '#lib/features/organisations/server/organisations.js';
import { spaceCreateForm, spaceRulesInput } from '#lib/features/spaces/api.js';
import { createSpace } from '#lib/features/spaces/server/spaces.js';
import { ApiError } from '#lib/server/api/errors.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { formAction, readForm } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

const defaultCapabilities = { proposals: true, supports: true, comments: true, amendments: true, votes: false };

export const load: PageServerLoad = async (event) => {
	const { db } = getRuntime().database;
	const actor = event.locals.actor;
	return orPageError(event, async () => {
		if (!actor.userId) throw new ApiError('unauthenticated', 'error.unauthenticated');
		const organisations = actor.isPlatformAdmin
			? listOrganisations(db, { limit: 100 }).then((page) => page.items)
			: organisationsOf(db, actor).then((orgs) => orgs.filter((org) => org.roles.includes('admin')));
		const choices = (await organisations).map((org) => ({ slug: org.slug, name: org.name }));
		if (!choices.length) throw new ApiError('forbidden', 'error.forbidden');
		return { organisations: choices };
	});
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event, spaceCreateForm);
		if (!form.ok) return form.failure;
		const { db } = getRuntime().database;
		const { phaseTitles, ...input } = form.data;
		const created = await formAction(event, form.data, async () => {
			const organisation = await findOrganisation(db, input.organisation);
			if (!organisation) throw new ApiError('validation_failed', 'form.invalid', { organisation: 'validation.choice' });
			assertCan(event.locals.actor, 'space.create', { organisationId: organisation.id });
			const titles = phaseTitles.split('\n').map((line) => line.trim()).filter((line) => line.length >= 2).slice(0, 20);
			const phases = titles.map((title) => ({ title: title.slice(0, 120), description: '', capabilities: defaultCapabilities }));
			return createSpace(db, event.locals.actor, organisation, { ...input, rules: spaceRulesInput.parse({}), phases });
		});
		if (!created.ok) return created.failure;
		redirect(303, `/spaces/${created.value.slug}/settings`);
	}
};
