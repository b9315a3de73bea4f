import { readableDocument } from '#lib/features/documents/server/documents.js';
import { proposalByIdOr404 } from '#lib/features/proposals/server/lookup.js';
import { ApiError } from '#lib/server/api/errors.js';
import { isUuid } from '#lib/server/api/validation.js';
import type { Actor } from '#lib/server/auth/policy.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import type { LinkedItem } from '../schema.js';

export interface LinkedItemView {
	type: string;
	title: string;
	/** Null when the item is of a kind without a page, gone, or not readable by the actor. */
	href: string | null;
}

type Resolver = (db: DbOrTx, id: string, actor: Actor) => Promise<{ href: string; title: string } | null>;

/** How each kind of linked item finds its page; features that add kinds add one line here. */
const resolvers: Record<string, Resolver> = {
	async proposal(db, id, actor) {
		try {
			const { proposal, space } = await proposalByIdOr404(db, id, actor);
			return { href: `/spaces/${space.slug}/proposals/${proposal.number}`, title: proposal.title };
		} catch (error) {
			if (error instanceof ApiError) return null;
			throw error;
		}
	},
	async document(db, id, actor) {
		const access = isUuid(id) ? await readableDocument(db, id, actor) : undefined;
		return access ? { href: `/documents/${access.document.id}`, title: access.document.title } : null;
	}
};

/**
 * A meeting's linked items as links to their pages, checked against what the actor may read: an
 * item the actor cannot see keeps only the title the organiser gave, without a link.
 */
export async function linkedItemViews(db: DbOrTx, links: LinkedItem[], actor: Actor): Promise<LinkedItemView[]> {
	return Promise.all(
		links.map(async (link) => {
			const found = await resolvers[link.type]?.(db, link.id, actor);
			return { type: link.type, title: link.title ?? found?.title ?? link.id, href: found?.href ?? null };
		})
	);
}
