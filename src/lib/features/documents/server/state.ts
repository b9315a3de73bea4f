import { and, asc, eq, gt, gte, lte, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { documentUpdates, documents } from '#lib/server/db/schema.js';

/**
 * Durable Yjs state: `documents.state` is a compacted snapshot covering every update up to
 * `state_update_id`; `document_updates` is the append-only log after it. An update is acknowledged
 * (broadcast) only once its row is committed, so a crash loses nothing that anyone saw.
 */

export const DOCUMENT_CHANNEL = 'parvis_documents';

export interface DocumentChange {
	documentId: string;
	/** The rows appended, `firstId` to `lastId` (one transaction). */
	firstId: number;
	lastId: number;
	/** Who wrote it: the realtime server of a process, or `api` for a restore or an import. */
	origin: string;
}
type ChangeListener = (change: DocumentChange) => void;
const listeners = new Set<ChangeListener>();
/** Committed appends of this process (other processes are heard through LISTEN). */
export function onLocalChange(listener: ChangeListener) {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

export interface StoredState {
	/** Snapshot and later updates merged into one update. */
	state: Uint8Array;
	/** Id of the last update row included (0 when none). */
	lastUpdateId: number;
}

export async function loadState(db: DbOrTx, documentId: string): Promise<StoredState | null> {
	const [doc] = await db
		.select({ state: documents.state, stateUpdateId: documents.stateUpdateId })
		.from(documents)
		.where(eq(documents.id, documentId));
	if (!doc) return null;
	const rows = await db
		.select({ id: documentUpdates.id, data: documentUpdates.data })
		.from(documentUpdates)
		.where(and(eq(documentUpdates.documentId, documentId), gt(documentUpdates.id, doc.stateUpdateId)))
		.orderBy(asc(documentUpdates.id));
	const parts = [...(doc.state ? [doc.state] : []), ...rows.map((r) => r.data)];
	return {
		state: parts.length === 1 ? parts[0] : Y.mergeUpdates(parts.length ? parts : [Y.encodeStateAsUpdate(new Y.Doc())]),
		lastUpdateId: rows.at(-1)?.id ?? doc.stateUpdateId
	};
}

/**
 * Appends updates (one row each, one statement) and tells other processes through NOTIFY in the
 * same transaction, so they hear of them only once they are committed. Returns the last row id.
 */
export async function appendUpdates(db: Db, documentId: string, updates: { data: Uint8Array; userId: string | null }[], origin: string) {
	if (!updates.length) return 0;
	const last = await db.transaction(async (tx) => {
		const rows = await tx
			.insert(documentUpdates)
			.values(updates.map((u) => ({ documentId, data: u.data, userId: u.userId })))
			.returning({ id: documentUpdates.id });
		await tx.update(documents).set({ updatedAt: new Date() }).where(eq(documents.id, documentId));
		const ids = rows.map((r) => r.id);
		const change: DocumentChange = { documentId, firstId: Math.min(...ids), lastId: Math.max(...ids), origin };
		await notifyChange(tx, change);
		return change;
	});
	for (const listener of listeners) listener(last);
	return last.lastId;
}

/** NOTIFY is delivered at commit, to the other processes listening (PostgreSQL engine). */
export async function notifyChange(tx: DbOrTx, change: DocumentChange) {
	await tx.execute(sql`select pg_notify(${DOCUMENT_CHANNEL}, ${JSON.stringify({ d: change.documentId, f: change.firstId, t: change.lastId, o: change.origin })})`);
}

export function parseChange(payload: string): DocumentChange | null {
	try {
		const { d, f, t, o } = JSON.parse(payload);
		if (typeof d !== 'string' || !Number.isSafeInteger(f) || !Number.isSafeInteger(t) || typeof o !== 'string') return null;
		return { documentId: d, firstId: f, lastId: t, origin: o };
	} catch {
		return null;
	}
}

/** The rows of one change; fewer than asked when compaction folded some away meanwhile. */
export function updatesBetween(db: DbOrTx, documentId: string, firstId: number, lastId: number) {
	return db
		.select({ id: documentUpdates.id, data: documentUpdates.data })
		.from(documentUpdates)
		.where(and(eq(documentUpdates.documentId, documentId), gte(documentUpdates.id, firstId), lte(documentUpdates.id, lastId)))
		.orderBy(asc(documentUpdates.id));
}

/**
 * Folds the log into the snapshot: merge, store, delete the folded rows, in one transaction with
 * the document row locked (two compactions never interleave). Returns the rows folded.
 */
export async function compactDocument(db: Db, documentId: string): Promise<number> {
	return db.transaction(async (tx) => {
		const [doc] = await tx
			.select({ state: documents.state, stateUpdateId: documents.stateUpdateId })
			.from(documents)
			.where(eq(documents.id, documentId))
			.for('update');
		if (!doc) return 0;
		const rows = await tx
			.select({ id: documentUpdates.id, data: documentUpdates.data })
			.from(documentUpdates)
			.where(and(eq(documentUpdates.documentId, documentId), gt(documentUpdates.id, doc.stateUpdateId)))
			.orderBy(asc(documentUpdates.id));
		if (!rows.length) return 0;
		const last = rows.at(-1)!.id;
		const state = Y.mergeUpdates([...(doc.state ? [doc.state] : []), ...rows.map((r) => r.data)]);
		await tx.update(documents).set({ state, stateUpdateId: last }).where(eq(documents.id, documentId));
		await tx.delete(documentUpdates).where(and(eq(documentUpdates.documentId, documentId), lte(documentUpdates.id, last)));
		return rows.length;
	});
}

/** Documents whose log has grown past `threshold` rows: candidates for compaction. */
export async function documentsToCompact(db: DbOrTx, threshold: number, limit = 20): Promise<string[]> {
	const rows = await db
		.select({ documentId: documentUpdates.documentId })
		.from(documentUpdates)
		.groupBy(documentUpdates.documentId)
		.having(sql`count(*) >= ${threshold}`)
		.limit(limit);
	return rows.map((r) => r.documentId);
}
