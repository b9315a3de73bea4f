import type { Cookies } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import { authenticateApiToken } from '#lib/features/accounts/server/api-tokens.js';
import { loadActor } from '#lib/features/organisations/server/organisations.js';
import { anonymous } from '../auth/policy.js';
import { SESSION_COOKIE, validateSessionToken } from '../auth/sessions.js';
import { getRuntime } from '../runtime.js';

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date, secure: boolean) {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function clearSessionCookie(cookies: Cookies, secure: boolean) {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/** Who is calling: a bearer token (API) or the session cookie, resolved to an actor for `can`. */
export const session: Handle = async ({ event, resolve }) => {
	const { db } = getRuntime().database;
	event.locals.user = null;
	event.locals.actor = anonymous;
	event.locals.authenticatedBy = null;
	event.locals.sessionToken = null;

	const authorization = event.request.headers.get('authorization');
	if (authorization?.toLowerCase().startsWith('bearer ')) {
		const user = await authenticateApiToken(db, authorization.slice(7).trim());
		if (user && !user.blockedAt) {
			event.locals.user = user;
			event.locals.authenticatedBy = 'token';
		} else {
			event.locals.authenticatedBy = 'invalid_token';
		}
	} else {
		const token = event.cookies.get(SESSION_COOKIE);
		if (token) {
			const result = await validateSessionToken(db, token);
			if (result && !result.user.blockedAt) {
				event.locals.user = result.user;
				event.locals.authenticatedBy = 'session';
				event.locals.sessionToken = token;
				setSessionCookie(event.cookies, token, result.session.expiresAt, event.url.protocol === 'https:');
			} else {
				clearSessionCookie(event.cookies, event.url.protocol === 'https:');
			}
		}
	}
	if (event.locals.user) event.locals.actor = await loadActor(db, event.locals.user);
	return resolve(event);
};
