import type { Handle } from '@sveltejs/kit/hooks';
import { ApiError, refuseRequest } from '../api/errors.js';

/**
 * A NUL character (`%00`) in the path or the query would reach PostgreSQL through a slug or a
 * search, and PostgreSQL refuses it in text: a 500. No address of Parvis holds one, so such a
 * request is refused first: the API's JSON 400, or a short text for pages and feeds.
 */
export const nulCharacters: Handle = async ({ event, resolve }) => {
	const { url } = event;
	if (!/%00/.test(url.pathname) && ![...url.searchParams].some(([name, value]) => `${name}${value}`.includes('\u0000'))) return resolve(event);
	return refuseRequest(new ApiError('bad_request', 'error.nulCharacter'), event);
};
