import type { DbOrTx } from '../db/client.js';
import { recordAdminAction } from './audit.js';

/**
 * A partial edit of a vote's rules (a point vote, a participatory budget): the rules after it
 * (an `undefined` field keeps its value) and the names of those that really change, dates
 * compared as instants, so a form sending the same date back changes nothing.
 */
export function ruleChanges<T extends Record<string, unknown>>(before: T, input: Partial<T>): { merged: T; changed: (keyof T & string)[] } {
	const merged = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) } as T;
	const same = (key: string, a: unknown, b: unknown) =>
		key.endsWith('_at') ? Date.parse(String(a)) === Date.parse(String(b)) : JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
	const changed = (Object.keys(merged) as (keyof T & string)[]).filter((key) => !same(key, merged[key], before[key]));
	return { merged, changed };
}

/** Once voting has started only the closing date may move, and every move goes to the admin log. */
export async function recordClosingMoved(tx: DbOrTx, actorId: string | null, target: { type: 'vote' | 'budget'; id: string }, from: Date, to: unknown) {
	await recordAdminAction(tx, {
		actorId,
		action: `${target.type}.closing_moved`,
		targetType: target.type,
		targetId: target.id,
		details: { from: from.toISOString(), to: new Date(String(to)).toISOString() }
	});
}
