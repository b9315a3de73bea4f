import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { membershipInput, organisationSettingsInput, territoryGeometryOf, territoryInput } from '#lib/features/organisations/api.js';
import { validate } from '#lib/server/api/validation.js';
import { addMember, findOrganisation, listMembers, removeMember, setTerritory, updateOrganisationSettings } from '#lib/features/organisations/server/organisations.js';
import { memberRoles, type MemberRole } from '#lib/features/organisations/schema.js';
import { can } from '#lib/server/auth/policy.js';
import { formAction, formFailure, readForm } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';
import { isUuid } from '#lib/server/api/validation.js';

/** The organisation, if the actor may configure it; otherwise sign-in or 403. */
async function configurable(event: RequestEvent<{ slug: string }>) {
	const org = await findOrganisation(getRuntime().database.db, event.params.slug);
	if (!org) error(404);
	if (!event.locals.user) redirect(303, `/login?redirectTo=${encodeURIComponent(event.url.pathname)}`);
	if (!can(event.locals.actor, 'organisation.configure', { organisationId: org.id })) error(403, 'error.forbidden');
	return org;
}

export const load: PageServerLoad = async (event) => {
	const org = await configurable(event);
	return {
		organisation: {
			slug: org.slug,
			name: org.name,
			description: org.description,
			accentColor: org.accentColor,
			logoUrl: org.logoUrl ?? '',
			website: org.website ?? ''
		},
		members: await listMembers(getRuntime().database.db, org.id)
	};
};

export const actions: Actions = {
	settings: async (event) => {
		const org = await configurable(event);
		const form = await readForm(event, organisationSettingsInput);
		if (!form.ok) return form.failure;
		await updateOrganisationSettings(getRuntime().database.db, event.locals.actor, org, form.data);
		return { saved: true };
	},
	territory: async (event) => {
		const org = await configurable(event);
		const file = (await event.request.formData()).get('territory');
		if (!(file instanceof File) || file.size === 0) return formFailure(event, 422, 'form.invalid', { territory: 'validation.required' });
		let geometry: unknown;
		try {
			geometry = territoryGeometryOf(JSON.parse(await file.text()));
		} catch {
			return formFailure(event, 422, 'form.invalid', { territory: 'org.territoryInvalid' });
		}
		const result = validate(territoryInput, geometry, event.locals.locale);
		if (!result.success) return formFailure(event, 422, 'form.invalid', { territory: 'org.territoryInvalid' });
		await setTerritory(getRuntime().database.db, event.locals.actor, org, result.data);
		return { territorySaved: true };
	},
	addMember: async (event) => {
		const org = await configurable(event);
		if (!can(event.locals.actor, 'organisation.manageMembers', { organisationId: org.id })) error(403, 'error.forbidden');
		const form = await readForm(event, membershipInput);
		if (!form.ok) return form.failure;
		const added = await formAction(event, form.data, () => addMember(getRuntime().database.db, event.locals.actor, org, form.data));
		if (!added.ok) return added.failure;
		return { memberAdded: true };
	},
	removeMember: async (event) => {
		const org = await configurable(event);
		if (!can(event.locals.actor, 'organisation.manageMembers', { organisationId: org.id })) error(403, 'error.forbidden');
		const data = await event.request.formData();
		const userId = String(data.get('userId') ?? '');
		const role = String(data.get('role') ?? '') as MemberRole;
		if (!isUuid(userId) || !memberRoles.includes(role)) return formFailure(event, 400, 'error.badRequest');
		await removeMember(getRuntime().database.db, event.locals.actor, org, userId, role);
		return { memberRemoved: true };
	}
};
