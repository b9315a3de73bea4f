/**
 * The HTTP side of the Open311 server: `.json` or `.xml` by suffix, errors in the standard's
 * shape `[{code, description}]` (XML: `<errors><error>…`), the API's rate limits and headers,
 * and POST bodies read form-encoded (as the spec says) or as JSON.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { ApiError, localise, localiseFields } from '#lib/server/api/errors.js';
import { isPayloadTooLarge } from '#lib/server/api/endpoint.js';
import { formToObject } from '#lib/server/api/validation.js';
import type { Actor } from '#lib/server/auth/policy.js';
import { countApiCall } from '#lib/server/hooks/api.js';
import { rateLimitHeaders, type RateLimitState } from '#lib/server/http/rate-limit.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';
import { actorOfApiKey, resolveJurisdiction, type Jurisdiction } from './open311-server.js';

export type Open311Format = 'json' | 'xml';
/** What a handler answers: the XML root element names the document (`services`, `service_requests`…). */
export interface Open311Body {
	root: string;
	data: unknown;
	status?: number;
}

/** List elements' item names, as in the specification's XML examples. */
const ITEM_NAMES: Record<string, string> = {
	services: 'service',
	service_requests: 'request',
	endpoints: 'endpoint',
	formats: 'format',
	attributes: 'attribute',
	values: 'value',
	errors: 'error'
};
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function element(name: string, value: unknown): string {
	if (value === null || value === undefined) return `<${name}/>`;
	if (Array.isArray(value)) return `<${name}>${value.map((item) => element(ITEM_NAMES[name] ?? 'item', item)).join('')}</${name}>`;
	if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([key, v]) => element(key, v)).join('')}</${name}>`;
	// Characters XML 1.0 cannot carry at all are dropped rather than producing an unreadable document.
	const text = String(value).replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
	return `<${name}>${text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c])}</${name}>`;
}

export const toXml = (root: string, data: unknown) => `<?xml version="1.0" encoding="utf-8"?>\n${element(root, data)}`;

function render(format: Open311Format, body: Open311Body, headers: Record<string, string>) {
	const status = body.status ?? 200;
	if (format === 'xml') return new Response(toXml(body.root, body.data), { status, headers: { ...headers, 'content-type': 'text/xml; charset=utf-8' } });
	return new Response(JSON.stringify(body.data), { status, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } });
}

/** A refusal in the standard's shape; key problems are 403 as the spec has them, validation 400. */
function renderError(format: Open311Format, error: ApiError, event: RequestEvent, headers: Record<string, string>) {
	const status = error.code === 'unauthenticated' ? 403 : error.code === 'validation_failed' || error.code === 'invalid_json' ? 400 : error.status;
	const fields = localiseFields(error.fields, event.locals.locale);
	const description = [localise(error.message, event.locals.locale, error.params), ...Object.entries(fields ?? {}).map(([field, message]) => `${field}: ${message}`)].join(' ');
	return render(format, { root: 'errors', data: [{ code: status, description }], status }, { ...headers, ...error.headers });
}

export interface Open311Context {
	event: RequestEvent;
	format: Open311Format;
	jurisdiction: Jurisdiction;
	view: { locale: RequestEvent['locals']['locale']; siteUrl: string };
}

const tooMany = (limit: RateLimitState) => new ApiError('rate_limited', `Too many requests: retry in ${limit.resetSeconds} s`);
const formatOf = (value: string | undefined): Open311Format | null => (value === 'json' || value === 'xml' ? value : null);

/**
 * Wraps an Open311 handler: the format from the path's suffix, `jurisdiction_id` from the query
 * or the body, the caller counted against the API's limits (per address for reading, per token
 * holder for POST), every refusal in the standard's shape, never a 500 for bad input.
 */
function open311Handler(run: (ctx: Open311Context, body: { fields: Record<string, unknown>; actor: Actor } | null) => Promise<Open311Body>, write: boolean) {
	return async (event: RequestEvent): Promise<Response> => {
		const format = formatOf(event.params.format) ?? 'json';
		let limit: RateLimitState | undefined;
		try {
			if (!formatOf(event.params.format)) throw new ApiError('not_found', 'open311.error.format');
			const { db } = getRuntime().database;
			let body: { fields: Record<string, unknown>; actor: Actor } | null = null;
			if (write) {
				const fields = await readPostBody(event);
				body = { fields, actor: await actorOfApiKey(db, fields.api_key) };
			}
			limit = countApiCall(event, body?.actor.userId);
			if (!limit.allowed) throw tooMany(limit);
			const jurisdictionId = body ? body.fields.jurisdiction_id : event.url.searchParams.get('jurisdiction_id');
			const view = { locale: event.locals.locale, siteUrl: siteUrl(event) };
			const jurisdiction = await resolveJurisdiction(db, typeof jurisdictionId === 'string' ? jurisdictionId : undefined, view.siteUrl);
			return render(format, await run({ event, format, jurisdiction, view }, body), rateLimitHeaders(limit));
		} catch (error) {
			// A refused call counts too (per address when no token holder is known), and over the limit it is a 429.
			limit ??= countApiCall(event, null);
			const refusal = !limit.allowed
				? tooMany(limit)
				: error instanceof ApiError
					? error
					: isPayloadTooLarge(error)
						? new ApiError('payload_too_large', 'error.tooLarge')
						: null;
			if (!refusal) throw error;
			return renderError(format, refusal, event, rateLimitHeaders(limit));
		}
	};
}

/** Any other path under the base: the standard's 404, in the format its suffix asks for. */
export const open311NotFound = (event: RequestEvent) =>
	renderError(event.url.pathname.endsWith('.xml') ? 'xml' : 'json', new ApiError('not_found', 'open311.error.route'), event, {});

export const open311Get = (run: (ctx: Open311Context) => Promise<Open311Body>) => open311Handler((ctx) => run(ctx), false);
export const open311Post = (run: (ctx: Open311Context, body: { fields: Record<string, unknown>; actor: Actor }) => Promise<Open311Body>) =>
	open311Handler((ctx, body) => run(ctx, body!), true);

/**
 * A POST from another server: form-encoded (what Open311 clients and FixMyStreet send) or JSON.
 * Only the body authenticates these calls; `server.js` strips their cookies (see docs).
 */
export async function readPostBody(event: RequestEvent): Promise<Record<string, unknown>> {
	const type = (event.request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	const form = type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data';
	if (!form && type !== 'application/json') throw new ApiError('bad_request', 'Content-Type must be application/x-www-form-urlencoded or application/json');
	let body: unknown;
	try {
		body = form ? formToObject(await event.request.formData()) : await event.request.json();
	} catch (error) {
		if (isPayloadTooLarge(error)) throw new ApiError('payload_too_large', 'error.tooLarge');
		throw new ApiError(form ? 'bad_request' : 'invalid_json', form ? 'error.badRequest' : 'error.invalidJson');
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError('bad_request', 'error.badRequest');
	return body as Record<string, unknown>;
}
