import type { RequestEvent } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import { ApiError, errorResponse } from '../api/errors.js';
import { RateLimiter, rateLimitHeaders } from '../http/rate-limit.js';
import { getRuntime } from '../runtime.js';

let limiters: { anonymous: RateLimiter; user: RateLimiter } | undefined;
function apiLimiters() {
	const { apiRateLimit } = getRuntime().config;
	return (limiters ??= { anonymous: new RateLimiter(apiRateLimit.anonymous, 60_000), user: new RateLimiter(apiRateLimit.user, 60_000) });
}
/** Counts one call against the API's limits: per user when known, else per address. */
export function countApiCall(event: RequestEvent, userId: string | null | undefined) {
	return userId ? apiLimiters().user.hit(`user:${userId}`) : apiLimiters().anonymous.hit(`ip:${event.getClientAddress()}`);
}
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The public API's cross-cutting rules: rate limits with standard headers, JSON 404s, refusal of
 * invalid tokens, and CSRF protection for browser sessions (Kit only checks form submissions).
 */
export const api: Handle = async ({ event, resolve }) => {
	if (!event.url.pathname.startsWith('/api/')) return resolve(event);
	const { locale, user, authenticatedBy } = event.locals;
	const limit = countApiCall(event, user?.id);
	const headers = rateLimitHeaders(limit);
	const refuse = (error: ApiError) => {
		const response = errorResponse(error, locale);
		for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
		return response;
	};
	if (!limit.allowed) return refuse(new ApiError('rate_limited', `Too many requests: retry in ${limit.resetSeconds} s`));
	if (authenticatedBy === 'invalid_token') return refuse(new ApiError('unauthenticated', 'Invalid, expired or revoked API token'));
	if (authenticatedBy === 'session' && !SAFE_METHODS.has(event.request.method)) {
		const origin = event.request.headers.get('origin');
		if (origin !== event.url.origin)
			return refuse(new ApiError('forbidden', 'Cross-site request refused: send the Origin header or use an API token'));
	}
	if (!event.route.id) return refuse(new ApiError('not_found', `No API route ${event.request.method} ${event.url.pathname}`));
	const response = await resolve(event);
	try {
		for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
	} catch {
		// immutable headers: leave the response as it is
	}
	return response;
};
