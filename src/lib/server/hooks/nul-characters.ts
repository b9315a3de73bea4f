import type { Handle } from '@sveltejs/kit/hooks';
import { ApiError, errorResponse, localise } from '../api/errors.js';

/**
 * A NUL character (`%00`) in the path or the query would reach PostgreSQL through a slug or a
 * search, and PostgreSQL refuses it in text: a 500. No address of Parvis holds one, so such a
 * request is refused first: the API's JSON 400, or a short text for pages and feeds.
 */
export const nulCharacters: Handle = async ({ event, resolve }) => {
	const { url } = event;
	if (!/%00/.test(url.pathname) && ![...url.searchParams].some(([name, value]) => `${name}${value}`.includes('\u0000'))) return resolve(event);
	const refusal = new ApiError('bad_request', 'error.nulCharacter');
	if (url.pathname.startsWith('/api/')) return errorResponse(refusal, event.locals.locale);
	return new Response(localise(refusal.message, event.locals.locale), { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
};
