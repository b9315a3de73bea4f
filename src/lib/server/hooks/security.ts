import type { Handle } from '@sveltejs/kit/hooks';
import { getRuntime } from '../runtime.js';

/**
 * Security headers on every response. The page CSP comes from the Kit configuration (nonces);
 * responses that are not HTML pages get a CSP that forbids everything.
 */
export const securityHeaders: Handle = async ({ event, resolve }) => {
	getRuntime().observedOrigin ??= event.url.origin;
	const response = await resolve(event);
	const headers = response.headers;
	const set = (name: string, value: string) => {
		if (!headers.has(name)) headers.set(name, value);
	};
	try {
		set('X-Content-Type-Options', 'nosniff');
		set('Referrer-Policy', 'strict-origin-when-cross-origin');
		set('X-Frame-Options', 'DENY');
		set('Cross-Origin-Opener-Policy', 'same-origin');
		set('Permissions-Policy', 'geolocation=(self), camera=(), microphone=(), payment=()');
		if (event.url.protocol === 'https:') set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
		if (!(headers.get('content-type') ?? '').startsWith('text/html'))
			set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
		else allowHomeserver(headers, getRuntime().config.matrix?.homeserverUrl);
	} catch {
		// Responses built from fetch() have immutable headers; they are passed through as they are.
	}
	return response;
};

/** The chat panel talks to the homeserver from the browser: its origin joins the page's connect-src. */
function allowHomeserver(headers: Headers, homeserverUrl: string | undefined) {
	const csp = headers.get('content-security-policy');
	if (!homeserverUrl || !csp) return;
	const origin = new URL(homeserverUrl).origin;
	headers.set('content-security-policy', csp.replace(/connect-src ([^;]*)/, (_, sources: string) => `connect-src ${sources} ${origin}`));
}
