import { asc, eq } from 'drizzle-orm';
import { diffWords } from 'diff';
import type { DbOrTx } from '#lib/server/db/client.js';
import { proposalVersions, users } from '#lib/server/db/schema.js';

export function listVersions(db: DbOrTx, proposalId: string) {
	return db
		.select({
			version: proposalVersions.version,
			title: proposalVersions.title,
			body: proposalVersions.body,
			reason: proposalVersions.reason,
			authorId: proposalVersions.authorId,
			authorName: users.displayName,
			createdAt: proposalVersions.createdAt
		})
		.from(proposalVersions)
		.leftJoin(users, eq(users.id, proposalVersions.authorId))
		.where(eq(proposalVersions.proposalId, proposalId))
		.orderBy(asc(proposalVersions.version));
}

export interface DiffPart {
	kind: 'same' | 'added' | 'removed';
	text: string;
}

/** A word-level diff people can read: unchanged, added and removed runs of text. */
export function diffText(before: string, after: string): DiffPart[] {
	return diffWords(before, after).map((change) => ({
		kind: change.added ? 'added' : change.removed ? 'removed' : 'same',
		text: change.value
	}));
}

export function toVersionJson(version: Awaited<ReturnType<typeof listVersions>>[number]) {
	return {
		version: version.version,
		title: version.title,
		body: version.body,
		reason: version.reason,
		author: version.authorId ? { id: version.authorId, name: version.authorName ?? '' } : null,
		created_at: version.createdAt.toISOString()
	};
}
