import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { exportResponse } from '#lib/features/opendata/server/downloads.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { RateLimiter, rateLimitHeaders } from '#lib/server/http/rate-limit.js';
import { getRuntime } from '#lib/server/runtime.js';

/**
 * Whole-dataset downloads cost seconds of database time each: a fifth of the API limit per
 * minute (60 anonymous, 240 with a session or an API token, by default).
 */
let limiters: { anonymous: RateLimiter; user: RateLimiter } | undefined;
function exportLimiters() {
	const { apiRateLimit } = getRuntime().config;
	return (limiters ??= {
		anonymous: new RateLimiter(Math.ceil(apiRateLimit.anonymous / 5), 60_000),
		user: new RateLimiter(Math.ceil(apiRateLimit.user / 5), 60_000)
	});
}

/** Open-data files: `<dataset>.csv|json|geojson`, the zip of all CSVs, the DCAT catalogue. */
export const GET: RequestHandler = async (event) => {
	const runtime = getRuntime();
	const user = event.locals.user;
	const limit = user ? exportLimiters().user.hit(`user:${user.id}`) : exportLimiters().anonymous.hit(`ip:${event.getClientAddress()}`);
	const headers = rateLimitHeaders(limit);
	if (!limit.allowed)
		return new Response(`Trop de téléchargements : réessayez dans ${limit.resetSeconds} s, ou utilisez un jeton d'API.\n`, {
			status: 429,
			headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }
		});
	const response = await exportResponse(event.params.file, {
		db: runtime.database.db,
		siteUrl: siteUrl(event),
		licenceId: runtime.config.opendataLicence,
		now: new Date()
	});
	if (!response) error(404, 'error.notFound');
	for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
	return response;
};
