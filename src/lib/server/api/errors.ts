import { json } from '@sveltejs/kit';
import { isMessageKey, translate, type Locale } from '#lib/i18n/index.js';
import type { FieldErrors } from './validation.js';

/** Error codes of the public API; each maps to one HTTP status. */
export const errorStatus = {
	bad_request: 400,
	invalid_json: 400,
	validation_failed: 422,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	payload_too_large: 413,
	rate_limited: 429,
	service_unavailable: 503,
	gone: 410
} as const;
export type ErrorCode = keyof typeof errorStatus;

/** A refusal a domain function or route raises on purpose; turned into the API's error shape. */
export class ApiError extends Error {
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly fields?: FieldErrors,
		readonly headers?: Record<string, string>,
		/** Placeholders of a message key, e.g. the phase name in a capability refusal. */
		readonly params?: Record<string, string | number>
	) {
		super(message);
	}

	get status() {
		return errorStatus[this.code];
	}
}

/** Messages may be i18n keys; they are translated for the caller here. */
export function localise(text: string, locale: Locale, params?: Record<string, string | number>): string {
	return isMessageKey(text) ? translate(locale, text, params) : text;
}

/** Field messages share the error's placeholders (e.g. the name of the refused file). */
export function localiseFields(fields: FieldErrors | undefined, locale: Locale, params?: Record<string, string | number>): FieldErrors | undefined {
	if (!fields) return undefined;
	return Object.fromEntries(Object.entries(fields).map(([name, text]) => [name, localise(text, locale, params)]));
}

export function errorResponse(error: ApiError, locale: Locale): Response {
	const body: { error: { code: string; message: string; fields?: FieldErrors } } = {
		error: { code: error.code, message: localise(error.message, locale, error.params) }
	};
	if (error.fields) body.error.fields = localiseFields(error.fields, locale, error.params);
	return json(body, { status: error.status, headers: error.headers });
}

/** A refusal before any route runs (hooks): the API's JSON error under /api/, a short text for pages and feeds. */
export function refuseRequest(error: ApiError, event: { url: URL; locals: { locale: Locale } }): Response {
	if (event.url.pathname.startsWith('/api/')) return errorResponse(error, event.locals.locale);
	return new Response(localise(error.message, event.locals.locale, error.params), { status: error.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
