import type { z } from 'zod';
import { isMessageKey, translate, type Locale } from '#lib/i18n/index.js';

export type FieldErrors = Record<string, string>;
export type Validated<T> = { success: true; data: T } | { success: false; fields: FieldErrors };

/**
 * Parses input with a feature's schema and turns every issue into a translated, field-level
 * message. Schemas may carry a message key (`{ error: 'validation.color' }`); generic issues are
 * mapped here, so forms and the API explain a problem in the same words.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, locale: Locale): Validated<z.output<S>> {
	// PostgreSQL text cannot hold U+0000: refused here, field by field, rather than as a database error.
	const nul = nulCharacterFields(input);
	if (nul.length > 0) return { success: false, fields: Object.fromEntries(nul.map((name) => [name, translate(locale, 'validation.nulCharacter')])) };
	const result = schema.safeParse(input, {
		error: (issue) => {
			if (issue.code === 'invalid_type' && (issue.input === undefined || issue.input === null))
				return 'validation.required';
			if (issue.code === 'too_small') {
				if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'validation.required';
				return issue.origin === 'string'
					? translate(locale, 'validation.tooShort', { min: Number(issue.minimum) })
					: translate(locale, 'validation.tooSmall', { min: Number(issue.minimum) });
			}
			if (issue.code === 'too_big')
				return issue.origin === 'string'
					? translate(locale, 'validation.tooLong', { max: Number(issue.maximum) })
					: translate(locale, 'validation.tooBig', { max: Number(issue.maximum) });
			if (issue.code === 'invalid_format' && issue.format === 'email') return 'validation.email';
			if (issue.code === 'invalid_format' && issue.format === 'url') return 'validation.url';
			if (issue.code === 'invalid_value') return 'validation.choice';
			if (issue.code === 'invalid_type' && (issue.expected === 'int' || issue.expected === 'number')) return 'validation.integer';
			return 'validation.invalid';
		}
	});
	if (result.success) return { success: true, data: result.data };
	const fields: FieldErrors = {};
	for (const issue of result.error.issues) {
		const name = issue.path.map(String).join('.') || '_';
		if (fields[name]) continue;
		fields[name] = isMessageKey(issue.message) ? translate(locale, issue.message) : issue.message;
	}
	return { success: false, fields };
}

/**
 * Where the input holds a string with a NUL character (U+0000), as field paths (`items.0.title`).
 * Walked with a queue, not recursion: a JSON body may nest thousands of levels deep.
 */
function nulCharacterFields(input: unknown): string[] {
	const found: string[] = [];
	const queue: [unknown, string][] = [[input, '']];
	for (let next = queue.pop(); next; next = queue.pop()) {
		const [value, path] = next;
		if (typeof value === 'string') {
			if (value.includes('\u0000')) found.push(path || '_');
		} else if (value && typeof value === 'object' && !(value instanceof Blob) && !ArrayBuffer.isView(value)) {
			for (const [key, child] of Object.entries(value)) {
				const childPath = path ? `${path}.${key}` : key;
				if (key.includes('\u0000')) found.push(childPath);
				queue.push([child, childPath]);
			}
		}
	}
	return found;
}

/** Form data as a plain object; repeated names become arrays, empty strings stay strings. */
export function formToObject(form: FormData): Record<string, unknown> {
	const object: Record<string, unknown> = {};
	for (const [name, value] of form.entries()) {
		if (typeof value !== 'string') continue;
		const existing = object[name];
		if (existing === undefined) object[name] = value;
		else object[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return object;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path parameter can be an id (checked before it reaches a uuid column). */
export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}
