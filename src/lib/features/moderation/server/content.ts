import { eq } from 'drizzle-orm';
import type { Actor, SpaceResource } from '#lib/server/auth/policy.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import { comments, proposals } from '#lib/server/db/schema.js';
import { commentUrl, setCommentHidden } from '#lib/features/comments/server/comments.js';
import { proposalTarget, resolveCommentTarget } from '#lib/features/comments/server/targets.js';
import type { SpaceRules } from '#lib/features/spaces/schema.js';

/** A piece of content as moderation sees it. */
export interface ReportableContent {
	type: string;
	id: string;
	spaceId: string;
	space: SpaceResource;
	rules: SpaceRules;
	authorIds: string[];
	hidden: boolean;
	title: string;
	excerpt: string;
	/** Path of the page that shows it. */
	url: string;
}

export interface ReportableDefinition {
	/** The content as `actor` may see it (moderators see hidden content), or undefined. */
	resolve(db: DbOrTx, id: string, actor: Actor): Promise<ReportableContent | undefined>;
	/** Hides (a date) or shows again (null), in the caller's transaction. */
	setHidden(tx: DbOrTx, id: string, hiddenAt: Date | null): Promise<void>;
}

const excerpt = (text: string) => (text.length > 280 ? `${text.slice(0, 279)}…` : text);

const registry = new Map<string, ReportableDefinition>();

export function registerReportable(type: string, definition: ReportableDefinition) {
	registry.set(type, definition);
}

export function reportable(type: string) {
	return registry.get(type);
}

registerReportable('comment', {
	async resolve(db, id, actor) {
		const [comment] = await db.select().from(comments).where(eq(comments.id, id));
		if (!comment || comment.deletedAt) return undefined;
		const target = await resolveCommentTarget(db, comment.targetType, comment.targetId, actor);
		if (!target) return undefined;
		return {
			type: 'comment',
			id,
			spaceId: target.spaceId,
			space: target.space,
			rules: target.rules,
			authorIds: [comment.authorId],
			hidden: comment.hiddenAt !== null,
			title: target.title,
			excerpt: excerpt(comment.body),
			url: commentUrl(target, id)
		};
	},
	async setHidden(tx, id, hiddenAt) {
		await setCommentHidden(tx, id, hiddenAt);
	}
});

registerReportable('proposal', {
	async resolve(db, id, actor) {
		const target = await proposalTarget(db, id, actor);
		if (!target) return undefined;
		const [row] = await db.select({ body: proposals.body }).from(proposals).where(eq(proposals.id, id));
		return {
			type: 'proposal',
			id,
			spaceId: target.spaceId,
			space: target.space,
			rules: target.rules,
			authorIds: target.authorIds,
			hidden: target.hidden,
			title: target.title,
			excerpt: excerpt(row?.body ?? ''),
			url: target.url
		};
	},
	async setHidden(tx, id, hiddenAt) {
		await tx.update(proposals).set({ hiddenAt }).where(eq(proposals.id, id));
	}
});
