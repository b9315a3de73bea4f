import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { ApiError, localise } from '../api/errors.js';

/**
 * Runs a domain call from a page `load`: its refusals become the page's error (404, 403…),
 * and "sign in first" becomes a redirect to the login page that comes back here.
 */
export async function orPageError<T>(event: RequestEvent, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (caught) {
		if (!(caught instanceof ApiError)) throw caught;
		if (caught.code === 'unauthenticated') redirect(303, `/login?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`);
		error(caught.status, localise(caught.message, event.locals.locale, caught.params));
	}
}
