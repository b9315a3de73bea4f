import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { categoryName, inTreeOrder, listCategories } from '#lib/features/streetreports/server/categories.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const categories = await listCategories(getRuntime().database.db);
	const slugOf = new Map(categories.map((c) => [c.id, c.slug]));
	return json({
		items: inTreeOrder(categories).map((c) => ({ slug: c.slug, name: categoryName(c, event.locals.locale), parent: c.parentId ? slugOf.get(c.parentId)! : null }))
	});
});
