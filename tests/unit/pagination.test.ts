import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageQuerySchema, toPage } from '#lib/server/api/pagination.js';

const id = '0b6f8a52-3c1e-4d0e-9f3a-5e2b7c1d9a00';

describe('cursors', () => {
	it('round-trip through an opaque URL-safe string', () => {
		const cursor = { at: '2026-11-22T10:00:00.000Z', id };
		const encoded = encodeCursor(cursor);
		expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(decodeCursor(encoded)).toEqual(cursor);
	});

	it.each([
		['not base64 JSON', 'nope!'],
		['JSON of the wrong shape', Buffer.from('{"at":1}').toString('base64url')],
		['a bad date', Buffer.from(JSON.stringify(['yesterday', id])).toString('base64url')],
		['a bad id', Buffer.from(JSON.stringify(['2026-11-22T10:00:00Z', "1' or '1'='1"])).toString('base64url')]
	])('decode to nothing when given %s', (_, value) => {
		expect(decodeCursor(value)).toBeUndefined();
	});

	it('decode to nothing when absent', () => {
		expect(decodeCursor(null)).toBeUndefined();
		expect(decodeCursor('')).toBeUndefined();
	});
});

describe('toPage', () => {
	const rows = [1, 2, 3].map((n) => ({ n, at: `2026-11-0${n}T00:00:00.000Z`, id }));

	it('gives a cursor to the next page when there were more rows than the limit', () => {
		const page = toPage(rows, 2, (row) => ({ at: row.at, id: row.id }));
		expect(page.items.map((row) => row.n)).toEqual([1, 2]);
		expect(decodeCursor(page.nextCursor)).toEqual({ at: rows[1].at, id });
	});

	it('gives no cursor on the last page', () => {
		expect(toPage(rows, 3, (row) => ({ at: row.at, id: row.id })).nextCursor).toBeNull();
	});
});

describe('page query', () => {
	it('defaults the limit and refuses bad cursors and limits', () => {
		expect(pageQuerySchema.parse({})).toEqual({ limit: 20 });
		expect(pageQuerySchema.safeParse({ cursor: 'garbage' }).success).toBe(false);
		expect(pageQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
		expect(pageQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
		expect(pageQuerySchema.parse({ limit: '100' }).limit).toBe(100);
	});
});
