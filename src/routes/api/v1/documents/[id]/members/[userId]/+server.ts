import { json } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { RequestHandler } from './$types';
import { memberInput } from '#lib/features/documents/api.js';
import { requireDocument, setMemberRole } from '#lib/features/documents/server/documents.js';
import { endpoint, parse, readJson, uuidParam } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import { users } from '#lib/server/db/schema.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Gives a person a role on the document (owners); open connections follow at once. */
export const PUT: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document } = await requireDocument(db, event.params.id, event.locals.actor, 'document.manage');
	const userId = uuidParam(event.params.userId);
	const { role } = parse(memberInput, await readJson(event), event);
	const [user] = await db.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.id, userId));
	if (!user) throw new ApiError('not_found', 'error.notFound');
	await setMemberRole(db, document.id, user.id, role);
	return json({ user_id: user.id, name: user.name, role });
});

/** Takes a person's role away; their open connections are closed (or become read-only). */
export const DELETE: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document } = await requireDocument(db, event.params.id, event.locals.actor, 'document.manage');
	await setMemberRole(db, document.id, uuidParam(event.params.userId), null);
	return new Response(null, { status: 204 });
});
