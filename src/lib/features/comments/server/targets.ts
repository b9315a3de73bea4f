import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { MessageKey } from '#lib/i18n/index.js';
import type { Actor, SpaceResource } from '#lib/server/auth/policy.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import { proposalAuthors, proposals, spaceMembers, spacePhases, spaces } from '#lib/server/db/schema.js';
import { defaultSpaceRules, type SpaceRules } from '#lib/features/spaces/schema.js';
import { can } from '#lib/server/auth/policy.js';

/**
 * What the comments (and moderation) need to know about a commentable thing: where it lives
 * for the policy, whether the space's active phase accepts comments and why not, and its page.
 */
export interface CommentTarget {
	type: string;
	id: string;
	spaceId: string;
	/** The space as the policy sees it, with the actor's role there. */
	space: SpaceResource;
	rules: SpaceRules;
	commentsAllowed: boolean;
	/** Why comments are refused (an i18n key), when they are. */
	reason?: MessageKey;
	/** Path of the page that shows the thing and its comments. */
	url: string;
	title: string;
	/** People who wrote the thing. */
	authorIds: string[];
	/** Hidden by moderation: only moderators still see it. */
	hidden: boolean;
}

export interface CommentTargetType {
	/** The target as `actor` may see it, or undefined if it does not exist or is not theirs to see. */
	resolve(db: DbOrTx, id: string, actor: Actor): Promise<CommentTarget | undefined>;
	/** Keeps the target's count of visible comments, in the caller's transaction. */
	adjustCommentCount?(tx: DbOrTx, id: string, delta: number): Promise<void>;
}

const registry = new Map<string, CommentTargetType>();

/** Plugs a new commentable type in (documents, votes, reports, meetings…). */
export function registerCommentTarget(type: string, definition: CommentTargetType) {
	registry.set(type, definition);
}

export function commentTargetType(type: string): CommentTargetType | undefined {
	return registry.get(type);
}

export async function resolveCommentTarget(db: DbOrTx, type: string, id: string, actor: Actor) {
	return registry.get(type)?.resolve(db, id, actor);
}

export interface SpaceContext {
	id: string;
	slug: string;
	kind: 'process' | 'group';
	resource: SpaceResource;
	rules: SpaceRules;
	/** Whether the active phase (a standing group: always) switches comments on, and why not. */
	comments: { allowed: true } | { allowed: false; reason: MessageKey };
}

/** A space, its rules, the actor's role there and its active phase's comment switch. */
export async function loadSpaceContext(db: DbOrTx, spaceId: string, actor: Actor): Promise<SpaceContext | undefined> {
	const [row] = await db
		.select({ id: spaces.id, slug: spaces.slug, kind: spaces.kind, organisationId: spaces.organisationId, visibility: spaces.visibility, rules: spaces.rules })
		.from(spaces)
		.where(eq(spaces.id, spaceId));
	if (!row) return undefined;
	const [membership] = actor.userId
		? await db
				.select({ role: spaceMembers.role })
				.from(spaceMembers)
				.where(and(eq(spaceMembers.spaceId, spaceId), eq(spaceMembers.userId, actor.userId)))
		: [];
	const [phase] = await db
		.select({ capabilities: spacePhases.capabilities })
		.from(spacePhases)
		.where(and(eq(spacePhases.spaceId, spaceId), eq(spacePhases.isActive, true)));
	const comments: SpaceContext['comments'] =
		phase?.capabilities.comments === true || (!phase && row.kind === 'group')
			? { allowed: true }
			: { allowed: false, reason: phase ? 'comments.closed.phase' : 'comments.closed.noPhase' };
	return {
		id: row.id,
		slug: row.slug,
		kind: row.kind,
		resource: { organisationId: row.organisationId, visibility: row.visibility, spaceRole: membership?.role ?? null },
		rules: { ...defaultSpaceRules, ...row.rules },
		comments
	};
}

/** A proposal as a comment (and moderation) target, read straight from its table. */
export async function proposalTarget(db: DbOrTx, id: string, actor: Actor): Promise<CommentTarget | undefined> {
	const [proposal] = await db
		.select({ id: proposals.id, spaceId: proposals.spaceId, number: proposals.number, title: proposals.title, state: proposals.state, hiddenAt: proposals.hiddenAt })
		.from(proposals)
		.where(eq(proposals.id, id));
	if (!proposal) return undefined;
	const space = await loadSpaceContext(db, proposal.spaceId, actor);
	if (!space || !can(actor, 'space.read', space.resource)) return undefined;
	const authors = await db
		.select({ userId: proposalAuthors.userId })
		.from(proposalAuthors)
		.where(and(eq(proposalAuthors.proposalId, id), isNotNull(proposalAuthors.acceptedAt)));
	const authorIds = authors.map((a) => a.userId);
	const isAuthor = actor.userId !== null && authorIds.includes(actor.userId);
	if (proposal.state === 'draft' && !isAuthor) return undefined;
	const hidden = proposal.hiddenAt !== null;
	if (hidden && !isAuthor && !can(actor, 'content.moderate', space.resource)) return undefined;
	let reason: MessageKey | undefined;
	if (!space.comments.allowed) reason = space.comments.reason;
	else if (hidden) reason = 'comments.closed.hidden';
	else if (proposal.state === 'draft' || proposal.state === 'withdrawn' || proposal.state === 'merged') reason = 'comments.closed.proposalState';
	return {
		type: 'proposal',
		id,
		spaceId: space.id,
		space: space.resource,
		rules: space.rules,
		commentsAllowed: reason === undefined,
		reason,
		url: `/spaces/${space.slug}/proposals/${proposal.number}`,
		title: proposal.title,
		authorIds,
		hidden
	};
}

registerCommentTarget('proposal', {
	resolve: proposalTarget,
	async adjustCommentCount(tx, id, delta) {
		await tx
			.update(proposals)
			.set({ commentsCount: sql`greatest(0, ${proposals.commentsCount} + ${delta})` })
			.where(eq(proposals.id, id));
	}
});
