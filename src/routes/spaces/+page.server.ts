import type { PageServerLoad } from './$types';
import { listSpaces } from '#lib/features/spaces/server/spaces.js';
import { decodeCursor } from '#lib/server/api/pagination.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = async ({ url, locals }) => {
	const page = await listSpaces(getRuntime().database.db, locals.actor, { cursor: decodeCursor(url.searchParams.get('cursor')), limit: 24 });
	return {
		spaces: page.items.map(({ slug, title, kind, visibility, description, organisationName }) => ({ slug, title, kind, visibility, description, organisationName })),
		nextCursor: page.nextCursor,
		isFirstPage: !url.searchParams.has('cursor'),
		canCreate: locals.actor.isPlatformAdmin || locals.actor.memberships.some((m) => m.role === 'admin')
	};
};
