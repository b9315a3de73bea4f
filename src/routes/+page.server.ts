import type { PageServerLoad } from './$types';
import { listOrganisations } from '#lib/features/organisations/server/organisations.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = async () => {
	const page = await listOrganisations(getRuntime().database.db, { limit: 12 });
	return { organisations: page.items.map(({ slug, name, kind, description, accentColor }) => ({ slug, name, kind, description, accentColor })) };
};
