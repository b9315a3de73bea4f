import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import type { RequestHandler } from './$types';
import { getRuntime } from '#lib/server/runtime.js';

/** 200 once migrations have run and the database answers; 503 while shutting down. */
export const GET: RequestHandler = async () => {
	const runtime = getRuntime();
	if (!runtime.ready) return json({ status: 'stopping' }, { status: 503 });
	await runtime.database.db.execute(sql`select 1`);
	return json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
};
