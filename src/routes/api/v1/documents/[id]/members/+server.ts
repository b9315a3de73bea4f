import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { listMembers, requireDocument } from '#lib/features/documents/server/documents.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { document } = await requireDocument(db, event.params.id, event.locals.actor, 'document.manage');
	const members = await listMembers(db, document.id);
	return json({ items: members.map((m) => ({ user_id: m.userId, name: m.name, role: m.role })), next_cursor: null });
});
