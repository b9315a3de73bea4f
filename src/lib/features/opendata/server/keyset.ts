/**
 * Reads a whole table as a stream of keyset pages: `fetchPage(after)` returns the rows after the
 * last key seen (null for the first page), in key order, at most `size` of them. Memory holds one
 * page at a time, whatever the table's size.
 */
export async function* keysetRows<T, K>(
	fetchPage: (after: K | null, size: number) => Promise<T[]>,
	keyOf: (row: T) => K,
	size = 1000
): AsyncGenerator<T> {
	let after: K | null = null;
	for (;;) {
		const page = await fetchPage(after, size);
		for (const row of page) yield row;
		if (page.length < size) return;
		after = keyOf(page[page.length - 1]);
	}
}

/** ISO date-time of a timestamp column, null kept. */
export const iso = (value: Date | string | null | undefined): string | null =>
	value === null || value === undefined ? null : new Date(value).toISOString();
