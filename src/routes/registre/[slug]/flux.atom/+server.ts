import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { findOrganisation } from '#lib/features/organisations/server/organisations.js';
import { renderActsFeed } from '#lib/features/publications/server/feed.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = async (event) => {
	const { db } = getRuntime().database;
	const organisation = await findOrganisation(db, event.params.slug);
	if (!organisation) error(404, 'Organisation introuvable');
	return new Response(await renderActsFeed(db, organisation, siteUrl(event)), { headers: { 'content-type': 'application/atom+xml; charset=utf-8' } });
};
