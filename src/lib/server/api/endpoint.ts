import type { RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { can, type Action, type Actions, type Actor } from '../auth/policy.js';
import { ApiError, errorResponse } from './errors.js';
import { isUuid, validate } from './validation.js';

/** Wraps a `+server.ts` handler so that refusals become the API's JSON error shape, never a 500. */
export function endpoint<E extends RequestEvent>(handler: (event: E) => Promise<Response>) {
	return async (event: E): Promise<Response> => {
		try {
			return await handler(event);
		} catch (error) {
			if (error instanceof ApiError) return errorResponse(error, event.locals.locale);
			if (isPayloadTooLarge(error)) return errorResponse(new ApiError('payload_too_large', 'error.tooLarge'), event.locals.locale);
			throw error;
		}
	};
}

export function isPayloadTooLarge(error: unknown): boolean {
	for (let e: any = error; e; e = e.cause) if (e.status === 413 || /exceeds limit/i.test(String(e.message))) return true;
	return false;
}

export async function readJson(event: RequestEvent): Promise<unknown> {
	const type = event.request.headers.get('content-type') ?? '';
	if (!type.includes('application/json'))
		throw new ApiError('bad_request', 'Content-Type must be application/json');
	try {
		return await event.request.json();
	} catch (error) {
		if (isPayloadTooLarge(error)) throw new ApiError('payload_too_large', 'error.tooLarge');
		throw new ApiError('invalid_json', 'error.invalidJson');
	}
}

/** A JSON body the caller may leave out: `{}` for a request without a body. */
export async function readOptionalJson(event: RequestEvent): Promise<unknown> {
	const { headers } = event.request;
	if (!headers.has('transfer-encoding') && Number(headers.get('content-length') ?? 0) === 0) return {};
	return readJson(event);
}

/** Validates input or throws a 422 with one message per field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, event: RequestEvent): z.output<S> {
	const result = validate(schema, input, event.locals.locale);
	if (!result.success) throw new ApiError('validation_failed', 'error.validation', result.fields);
	return result.data;
}

/** The policy check of an API call: 401 for anonymous callers, 403 for signed-in ones. */
export function authorize<A extends Action>(
	event: RequestEvent,
	action: A,
	...resource: Actions[A] extends undefined ? [] : [Actions[A]]
) {
	assertCan(event.locals.actor, action, ...resource);
}

/** The same check for domain functions, which know the actor but not the request. */
export function assertCan<A extends Action>(actor: Actor, action: A, ...resource: Actions[A] extends undefined ? [] : [Actions[A]]) {
	if (can(actor, action, ...resource)) return;
	if (!actor.userId) throw new ApiError('unauthenticated', 'error.unauthenticated');
	throw new ApiError('forbidden', 'error.forbidden');
}

export function requireUser(event: RequestEvent) {
	if (!event.locals.user) throw new ApiError('unauthenticated', 'error.unauthenticated');
	return event.locals.user;
}

/** A path parameter that must be a uuid: anything else is a 404 (never a database error). */
export function uuidParam(value: string, message = 'error.notFound'): string {
	if (!isUuid(value)) throw new ApiError('not_found', message);
	return value.toLowerCase();
}
