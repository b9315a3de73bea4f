import { z } from 'zod';
import { isUuid } from './validation.js';

/** Opaque cursor over a (timestamp, id) ordering, so pages stay stable while rows are added. */
export interface Cursor {
	at: string;
	id: string;
}

export function encodeCursor(cursor: Cursor): string {
	return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

export function decodeCursor(value: string | null | undefined): Cursor | undefined {
	if (!value) return undefined;
	try {
		const [at, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
		if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) return undefined;
		if (!isUuid(id)) return undefined;
		return { at, id };
	} catch {
		return undefined;
	}
}

export const pageQuerySchema = z.object({
	cursor: z
		.string()
		.optional()
		.refine((value) => value === undefined || decodeKeysetCursor(value) !== undefined, {
			message: 'validation.invalid'
		})
		.describe('Opaque cursor returned as `next_cursor` by the previous page.'),
	limit: z.coerce
		.number()
		.int()
		.min(1)
		.max(100)
		.default(20)
		.describe('Items per page (1–100, default 20).')
});
export type PageQuery = z.output<typeof pageQuerySchema>;

export interface Page<T> {
	items: T[];
	nextCursor: string | null;
}

/** Given rows fetched with limit + 1, returns the page and the cursor to the next one. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor): Page<T> {
	const items = rows.slice(0, limit);
	const last = items.at(-1);
	return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}

/**
 * Opaque cursor over any keyset ordering (a count, a hash, a date… then the id), for lists whose
 * order is not (timestamp, id). The caller checks the shape of the keys it gets back.
 */
export function encodeKeysetCursor(keys: (string | number)[]): string {
	return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

export function decodeKeysetCursor(value: string | null | undefined): (string | number)[] | undefined {
	if (!value || value.length > 500) return undefined;
	try {
		const keys = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
		if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key))))
			return undefined;
		return keys;
	} catch {
		return undefined;
	}
}
