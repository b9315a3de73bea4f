import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findOrganisation } from '#lib/features/organisations/server/organisations.js';
import { registerQuery } from '#lib/features/publications/api.js';
import { actPath, listRegister } from '#lib/features/publications/server/acts.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The public register: search by text, type, number, subject and adoption dates. */
export const load: PageServerLoad = async (event) => {
	const { db } = getRuntime().database;
	const organisation = await findOrganisation(db, event.params.slug);
	if (!organisation) error(404, 'Organisation introuvable');
	const parsed = registerQuery.safeParse(Object.fromEntries([...event.url.searchParams].filter(([, value]) => value !== '')));
	const query = parsed.success ? parsed.data : registerQuery.parse({});
	const page = await listRegister(db, organisation.id, query);
	return {
		organisation: { slug: organisation.slug, name: organisation.name },
		query: { q: query.q ?? '', type: query.type ?? '', number: query.number ?? '', subject: query.subject ?? '', from: query.from ?? '', to: query.to ?? '' },
		acts: page.items.map((act) => ({
			id: act.id,
			url: actPath(act),
			type: act.type,
			number: act.number,
			title: act.title,
			subject: act.subject,
			adoptedOn: act.adoptedOn,
			publishedAt: act.publishedAt.toISOString(),
			withdrawnAt: act.withdrawnAt?.toISOString() ?? null
		})),
		nextCursor: page.nextCursor
	};
};
