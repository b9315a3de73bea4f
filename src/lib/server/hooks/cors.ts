import type { Handle } from '@sveltejs/kit/hooks';

/** Paths anyone may read from another site's scripts: the public API, the Open311 server and the open-data exports. */
const OPEN_PREFIXES = ['/api/v1/', '/open311/v2/', '/opendata/'];
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * CORS open for reading: any origin may GET the public API and the exports (without cookies:
 * `*` forbids credentialed requests, so a visitor's session never leaks to another site). Callers
 * send their API token in `Authorization`, which the preflight allows.
 */
export const cors: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (!OPEN_PREFIXES.some((prefix) => path.startsWith(prefix))) return resolve(event);
	if (event.request.method === 'OPTIONS') {
		return new Response(null, {
			status: 204,
			headers: {
				'access-control-allow-origin': '*',
				'access-control-allow-methods': 'GET, HEAD, OPTIONS',
				'access-control-allow-headers': 'Authorization, Content-Type, If-None-Match',
				'access-control-max-age': '86400',
				vary: 'Origin'
			}
		});
	}
	const response = await resolve(event);
	if (!READ_METHODS.has(event.request.method)) return response;
	try {
		response.headers.set('access-control-allow-origin', '*');
		response.headers.set('access-control-expose-headers', 'RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, Link, Content-Disposition');
	} catch {
		// immutable headers: leave the response as it is
	}
	return response;
};
