import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { findOrganisation } from '#lib/features/organisations/server/organisations.js';
import { spaceCreateInput, spaceListQuery } from '#lib/features/spaces/api.js';
import { activePhase, createSpace, findSpace, listSpaces, toSpaceJson } from '#lib/features/spaces/server/spaces.js';
import { ApiError } from '#lib/server/api/errors.js';
import { authorize, endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { decodeCursor } from '#lib/server/api/pagination.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const query = parse(spaceListQuery, Object.fromEntries(event.url.searchParams), event);
	const cursor = decodeCursor(query.cursor);
	if (query.cursor && !cursor) throw new ApiError('validation_failed', 'error.validation', { cursor: 'validation.invalid' });
	const organisation = query.organisation ? await findOrganisation(db, query.organisation) : undefined;
	if (query.organisation && !organisation) return json({ items: [], next_cursor: null });
	const page = await listSpaces(db, event.locals.actor, { organisationId: organisation?.id, cursor, limit: query.limit });
	const items = await Promise.all(page.items.map(async (space) => toSpaceJson(space, await activePhase(db, space.id), siteUrl(event))));
	return json({ items, next_cursor: page.nextCursor });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const input = parse(spaceCreateInput, await readJson(event), event);
	const organisation = await findOrganisation(db, input.organisation);
	if (!organisation) throw new ApiError('validation_failed', 'error.validation', { organisation: 'validation.choice' });
	authorize(event, 'space.create', { organisationId: organisation.id });
	const created = await createSpace(db, event.locals.actor, organisation, input);
	const space = (await findSpace(db, { id: created.id }))!;
	return json(toSpaceJson(space, await activePhase(db, space.id), siteUrl(event)), { status: 201 });
});
