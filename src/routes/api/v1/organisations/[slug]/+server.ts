import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { organisationSettingsInput } from '#lib/features/organisations/api.js';
import { requireOrganisation, toOrganisationJson, updateOrganisationSettings } from '#lib/features/organisations/server/organisations.js';
import { ApiError } from '#lib/server/api/errors.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const org = await requireOrganisation(getRuntime().database.db, event.params.slug);
	return json(toOrganisationJson(org, siteUrl(event)));
});

export const PATCH: RequestHandler = endpoint(async (event) => {
	const org = await requireOrganisation(getRuntime().database.db, event.params.slug);
	authorize(event, 'organisation.configure', { organisationId: org.id });
	const current = {
		name: org.name,
		description: org.description,
		accentColor: org.accentColor,
		logoUrl: org.logoUrl,
		website: org.website
	};
	const body = await readJson(event);
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('bad_request', 'Expected a JSON object');
	const input = parse(organisationSettingsInput, { ...current, ...body }, event);
	const updated = await updateOrganisationSettings(getRuntime().database.db, event.locals.actor, org, input);
	return json(toOrganisationJson(updated, siteUrl(event)));
});
