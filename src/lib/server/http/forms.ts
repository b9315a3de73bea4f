import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { ApiError, localise, localiseFields } from '../api/errors.js';
import { isPayloadTooLarge } from '../api/endpoint.js';
import { formToObject, validate } from '../api/validation.js';
import { getRuntime } from '../runtime.js';

/** The address links in e-mails point to. */
export function siteUrl(event: RequestEvent): string {
	return getRuntime().config.siteUrl ?? event.url.origin;
}

/** What a page receives as `form` after a refused submission. */
export interface FormFailureData {
	message: string;
	fields: Record<string, string>;
	values: Record<string, unknown>;
}

type FormRefused = { ok: false; failure: ActionFailure<FormFailureData> };
type FormResult<T> = { ok: true; data: T } | FormRefused;

/**
 * Reads and validates a form with the feature's schema. On failure returns a 4xx `fail()` with
 * translated field messages and the values typed (never the passwords), so nothing is lost.
 */
export async function readForm<S extends z.ZodType>(event: RequestEvent, schema: S): Promise<FormResult<z.output<S>>> {
	const form = await readFormValues(event);
	if (!form.ok) return form;
	const result = validate(schema, form.values, event.locals.locale);
	if (result.success) return { ok: true, data: result.data };
	return { ok: false, failure: formFailure(event, 422, 'form.invalid', result.fields, form.values) };
}

/**
 * The submitted fields and files (by field name; a file input left empty sends none), or a 413
 * (too large) or 400 (not a form) failure: a bad body is never a 500.
 */
export async function readFormValues(event: RequestEvent): Promise<{ ok: true; values: Record<string, unknown>; files: Record<string, File[]> } | FormRefused> {
	try {
		const data = await event.request.formData();
		const files: Record<string, File[]> = {};
		for (const [name, value] of data.entries()) if (typeof value !== 'string' && (value.size > 0 || value.name)) (files[name] ??= []).push(value);
		return { ok: true, values: formToObject(data), files };
	} catch (error) {
		const tooLarge = isPayloadTooLarge(error);
		return { ok: false, failure: formFailure(event, tooLarge ? 413 : 400, tooLarge ? 'error.tooLarge' : 'error.badRequest') };
	}
}

export function formFailure(
	event: RequestEvent,
	status: number,
	message: string,
	fields: Record<string, string> = {},
	values: Record<string, unknown> = {},
	params?: Record<string, string | number>
): ActionFailure<FormFailureData> {
	const safeValues = Object.fromEntries(Object.entries(values).filter(([name]) => !/password|token/i.test(name)));
	return fail(status, {
		message: localise(message, event.locals.locale),
		fields: localiseFields(fields, event.locals.locale, params) ?? {},
		values: safeValues
	});
}

/** Runs a domain call from a form action, turning its refusals into a form failure. */
export async function formAction<T>(event: RequestEvent, values: Record<string, unknown>, run: () => Promise<T>) {
	try {
		return { ok: true as const, value: await run() };
	} catch (error) {
		if (error instanceof ApiError)
			return {
				ok: false as const,
				failure: formFailure(event, error.status, localise(error.message, event.locals.locale, error.params), error.fields, values, error.params)
			};
		throw error;
	}
}

/** A same-site path to go back to after a form (a hidden `redirectTo` field), or the fallback. */
export function safeRedirectPath(target: unknown, fallback: string): string {
	return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') && !target.includes('\\') ? target : fallback;
}
