import type { PageServerLoad } from './$types';
import { listOrganisations } from '#lib/features/organisations/server/organisations.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = async ({ url }) => {
	const page = await listOrganisations(getRuntime().database.db, { cursor: url.searchParams.get('cursor'), limit: 24 });
	return {
		organisations: page.items.map(({ slug, name, kind, description, accentColor }) => ({ slug, name, kind, description, accentColor })),
		nextCursor: page.nextCursor,
		isFirstPage: !url.searchParams.has('cursor')
	};
};
