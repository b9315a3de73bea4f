import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { listRegistrations, meetingOr404 } from '#lib/features/meetings/server/meetings.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Organisers' list: who registered or waits, with their door codes (at most the places plus the queue). */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await meetingOr404(db, event.params.id, event.locals.actor);
	const rows = await listRegistrations(db, access, event.locals.actor);
	return json({ items: rows.map((r) => ({ id: r.id, name: r.name, status: r.status, code: r.code, queued_at: r.queuedAt.toISOString() })) });
});
