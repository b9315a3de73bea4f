import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findOrganisation, listClubMembers, listClubsOf } from '#lib/features/organisations/server/organisations.js';
import { listSpaces } from '#lib/features/spaces/server/spaces.js';
import { can } from '#lib/server/auth/policy.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { db } = getRuntime().database;
	const org = await findOrganisation(db, params.slug);
	if (!org) error(404);
	const [clubMembers, clubs, spaces] = await Promise.all([
		org.kind === 'club' ? listClubMembers(db, org.id) : Promise.resolve([]),
		listClubsOf(db, org.id),
		listSpaces(db, locals.actor, { organisationId: org.id, limit: 50 })
	]);
	const polygons = org.territory ? (org.territory.type === 'Polygon' ? [org.territory.coordinates] : org.territory.coordinates) : [];
	return {
		organisation: {
			slug: org.slug,
			name: org.name,
			kind: org.kind,
			description: org.description,
			accentColor: org.accentColor,
			logoUrl: org.logoUrl,
			website: org.website,
			territoryVertices: polygons.flat().reduce((sum, ring) => sum + ring.length - 1, 0)
		},
		clubMembers,
		clubs,
		spaces: spaces.items.map(({ slug, title, kind, visibility }) => ({ slug, title, kind, visibility })),
		canConfigure: can(locals.actor, 'organisation.configure', { organisationId: org.id })
	};
};
