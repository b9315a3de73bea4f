import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '#lib/server/db/client.js';
import { proposalVersions, proposals } from '#lib/server/db/schema.js';

/**
 * Lower case without accents: the search vector and the query both go through it, so that
 * "École" finds "ecoles" (the French stemmer then takes care of plurals).
 */
export function normaliseForSearch(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function searchVectorOf(title: string, body: string) {
	return sql`to_tsvector('french', ${normaliseForSearch(`${title}\n${body}`)})`;
}

export function searchQueryOf(query: string) {
	return sql`plainto_tsquery('french', ${normaliseForSearch(query)})`;
}

/** Locks the proposal's row until the end of the transaction: edits and decisions on it queue up. */
export async function lockProposal(tx: DbOrTx, proposalId: string) {
	await tx.select({ id: proposals.id }).from(proposals).where(eq(proposals.id, proposalId)).for('update');
}

/**
 * The one way a proposal's text changes (edit, accepted amendment, merge): title, body and search
 * vector together, and a new version in the history. When the body becomes a live Yjs document
 * (`documentId`), the document's published snapshots will go through here too.
 * Call it inside a transaction that holds `lockProposal`.
 */
export async function writeProposalText(
	tx: DbOrTx,
	proposalId: string,
	text: { title: string; body: string },
	authorId: string | null,
	reason: 'create' | 'edit' | 'amendment' | 'merge',
	now = new Date()
) {
	const [{ next }] = await tx
		.select({ next: sql<number>`coalesce(max(${proposalVersions.version}), 0)::int + 1` })
		.from(proposalVersions)
		.where(eq(proposalVersions.proposalId, proposalId));
	await tx
		.update(proposals)
		.set({ title: text.title, body: text.body, searchVector: searchVectorOf(text.title, text.body) as unknown as string, updatedAt: now })
		.where(eq(proposals.id, proposalId));
	await tx.insert(proposalVersions).values({ proposalId, version: next, title: text.title, body: text.body, authorId, reason, createdAt: now });
	return next;
}

/** Whether the text differs from what is stored (saving the same text adds no version). */
export async function textChanged(tx: DbOrTx, proposalId: string, text: { title: string; body: string }) {
	const [row] = await tx
		.select({ id: proposals.id })
		.from(proposals)
		.where(and(eq(proposals.id, proposalId), eq(proposals.title, text.title), eq(proposals.body, text.body)));
	return !row;
}
