import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireOrganisation } from '#lib/features/organisations/server/organisations.js';
import { connectorInput } from '#lib/features/streetreports/api.js';
import { listCategories } from '#lib/features/streetreports/server/categories.js';
import { connectorJson, reportSettingsOf, saveConnector } from '#lib/features/streetreports/server/settings.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

async function slugs() {
	const categories = await listCategories(getRuntime().database.db);
	const byId = new Map(categories.map((c) => [c.id, c.slug]));
	return (id: string | null) => (id ? (byId.get(id) ?? null) : null);
}

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const organisation = await requireOrganisation(db, event.params.slug);
	authorize(event, 'report.configure', { organisationId: organisation.id });
	const [{ connectors }, slugOf] = await Promise.all([reportSettingsOf(db, organisation.id), slugs()]);
	return json({ items: connectors.map((c) => connectorJson(c, slugOf(c.categoryId))) });
});

/** Creates or replaces the connector of the organisation (or of one of its categories). */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const organisation = await requireOrganisation(db, event.params.slug);
	authorize(event, 'report.configure', { organisationId: organisation.id });
	const input = parse(connectorInput, await readJson(event), event);
	const saved = await saveConnector(db, event.locals.actor, organisation, input, getRuntime().config.outbound);
	return json(connectorJson(saved, input.category ?? null));
});
