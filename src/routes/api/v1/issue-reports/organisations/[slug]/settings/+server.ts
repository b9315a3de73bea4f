import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireOrganisation } from '#lib/features/organisations/server/organisations.js';
import { competencesInput } from '#lib/features/streetreports/api.js';
import { reportSettingsOf, setCompetences } from '#lib/features/streetreports/server/settings.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

const settingsJson = (s: Awaited<ReturnType<typeof reportSettingsOf>>) => ({
	categories: s.categories,
	priority: s.priority,
	allow_anonymous: s.allowAnonymous,
	fallback: s.fallback
});

/** Competent categories (with their priority) and whether anonymous reports are accepted. Public. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const organisation = await requireOrganisation(db, event.params.slug);
	return json(settingsJson(await reportSettingsOf(db, organisation.id)));
});

export const PUT: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const organisation = await requireOrganisation(db, event.params.slug);
	authorize(event, 'report.configure', { organisationId: organisation.id });
	const input = parse(competencesInput, await readJson(event), event);
	return json(settingsJson(await setCompetences(db, event.locals.actor, organisation, input)));
});
