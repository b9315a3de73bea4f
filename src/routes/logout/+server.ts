import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { invalidateSession } from '#lib/server/auth/sessions.js';
import { clearSessionCookie } from '#lib/server/hooks/session.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	if (locals.sessionToken) await invalidateSession(getRuntime().database.db, locals.sessionToken);
	clearSessionCookie(cookies, url.protocol === 'https:');
	redirect(303, '/login?loggedOut=1');
};
