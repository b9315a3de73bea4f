import { and, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { translate, type Locale } from '#lib/i18n/index.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import { toPage, type Cursor, type Page } from '#lib/server/api/pagination.js';
import { can, type Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { commentVotes, comments, users } from '#lib/server/db/schema.js';
import { mentionCandidates, mentionedIds, renderMarkdown, type MentionMap } from '#lib/server/markdown.js';
import { notifyUsers } from '#lib/features/notifications/server/notifications.js';
import type { commentCreateInput, commentEditInput } from '../api.js';
import type { commentStances } from '../schema.js';
import { commentTargetType, resolveCommentTarget, type CommentTarget } from './targets.js';

export type Comment = typeof comments.$inferSelect;
export type CommentStance = (typeof commentStances)[number];

/** A comment as pages and the API show it to one viewer. */
export interface CommentView {
	id: string;
	parentId: string | null;
	depth: number;
	state: 'visible' | 'deleted' | 'hidden';
	/** Null for deleted and (except for moderators) hidden comments. */
	author: { id: string | null; name: string; blocked: boolean } | null;
	/** Markdown source: only for the viewer's own comments in the page, for every visible one in the API. */
	body: string | null;
	bodyHtml: string | null;
	stance: CommentStance;
	upVotes: number;
	downVotes: number;
	myVote: 'up' | 'down' | null;
	createdAt: string;
	editedAt: string | null;
	/** Hidden by moderation, shown to a moderator (with its content). */
	hiddenForModerators: boolean;
	canEdit: boolean;
	canVote: boolean;
	canReport: boolean;
}

/** The target, or 404 when it does not exist or the actor may not see it. */
export async function commentTargetOr404(db: DbOrTx, actor: Actor, type: string, id: string) {
	const target = await resolveCommentTarget(db, type, id, actor);
	if (!target) throw new ApiError('not_found', 'comments.targetUnknown');
	return target;
}

/** Taking part in the target's discussion: signed in, may read the space, and the phase allows it. */
function requireCommenting(actor: Actor, target: CommentTarget) {
	assertCan(actor, 'space.participate', target.space);
	if (!target.commentsAllowed) throw new ApiError('forbidden', target.reason ?? 'comments.closed.phase');
}

const isModerator = (actor: Actor, target: CommentTarget) => can(actor, 'content.moderate', target.space);

/** Mention texts of these bodies → the one person each names (ambiguous names mention nobody). */
export async function resolveMentions(db: DbOrTx, texts: string[]): Promise<MentionMap> {
	const candidates = [...new Set(texts.flatMap(mentionCandidates))].slice(0, 500);
	const map: MentionMap = new Map();
	if (!candidates.length) return map;
	const displayName = sql<string>`lower(${users.displayName})`;
	const localPart = sql<string>`lower(split_part(${users.email}, '@', 1))`;
	const rows = await db
		.select({ id: users.id, displayName: users.displayName, name: displayName, local: localPart })
		.from(users)
		.where(and(isNull(users.blockedAt), or(inArray(displayName, candidates), inArray(localPart, candidates))));
	for (const text of candidates) {
		const matches = new Map(rows.filter((r) => r.name === text || r.local === text).map((r) => [r.id, r]));
		if (matches.size === 1) {
			const [user] = matches.values();
			map.set(text, { id: user.id, name: user.displayName });
		}
	}
	return map;
}

/** In-app notifications for the people a body mentions (not the author, not those already told). */
async function notifyMentions(tx: DbOrTx, comment: Comment, target: CommentTarget, before: string | null) {
	const mentions = await resolveMentions(tx, [comment.body, ...(before ? [before] : [])]);
	const already = new Set(before ? mentionedIds(before, mentions) : []);
	const ids = mentionedIds(comment.body, mentions).filter((id) => id !== comment.authorId && !already.has(id));
	if (!ids.length) return;
	const recipients = await tx.select({ id: users.id, locale: users.locale }).from(users).where(inArray(users.id, ids));
	const [author] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, comment.authorId));
	for (const user of recipients)
		await notifyUsers(tx, [user.id], 'comment.mention', {
			title: translate(user.locale as Locale, 'comments.mentionNotification', { name: author?.name ?? '', target: target.title }),
			url: commentUrl(target, comment.id),
			commentId: comment.id
		});
}

export const commentUrl = (target: Pick<CommentTarget, 'url'>, commentId: string) => `${target.url}#comment-${commentId}`;

const visible = (c: Pick<Comment, 'deletedAt' | 'hiddenAt'>) => c.deletedAt === null && c.hiddenAt === null;

async function adjustCount(tx: DbOrTx, target: { type: string; id: string }, delta: number) {
	if (delta) await commentTargetType(target.type)?.adjustCommentCount?.(tx, target.id, delta);
}

export async function createComment(db: Db, actor: Actor, input: z.output<typeof commentCreateInput>, now = new Date()) {
	return db.transaction(async (tx) => {
		const target = await commentTargetOr404(tx, actor, input.targetType, input.targetId);
		requireCommenting(actor, target);
		let depth = 0;
		if (input.parentId) {
			const [parent] = await tx
				.select()
				.from(comments)
				.where(and(eq(comments.id, input.parentId), eq(comments.targetType, target.type), eq(comments.targetId, target.id)));
			if (!parent) throw new ApiError('validation_failed', 'comments.parentUnknown', { parentId: 'comments.parentUnknown' });
			if (!visible(parent)) throw new ApiError('conflict', 'comments.parentGone', { parentId: 'comments.parentGone' });
			depth = parent.depth + 1;
			if (depth >= target.rules.commentDepth)
				throw new ApiError('validation_failed', 'comments.tooDeep', undefined, undefined, { max: target.rules.commentDepth });
		}
		const [comment] = await tx
			.insert(comments)
			.values({
				targetType: target.type,
				targetId: target.id,
				spaceId: target.spaceId,
				parentId: input.parentId ?? null,
				depth,
				authorId: actor.userId!,
				body: input.body,
				stance: input.stance,
				createdAt: now
			})
			.returning();
		await adjustCount(tx, target, 1);
		await notifyMentions(tx, comment, target, null);
		return { comment, target };
	});
}

/** The comment (locked for the rest of the transaction) and its target, or 404. */
async function commentForChange(tx: DbOrTx, actor: Actor, id: string) {
	const [comment] = await tx.select().from(comments).where(eq(comments.id, id)).for('update');
	if (!comment) throw new ApiError('not_found', 'comments.unknown');
	const target = await commentTargetOr404(tx, actor, comment.targetType, comment.targetId);
	if (comment.hiddenAt && !isModerator(actor, target) && comment.authorId !== actor.userId) throw new ApiError('not_found', 'comments.unknown');
	return { comment, target };
}

export async function findComment(db: DbOrTx, actor: Actor, id: string) {
	const [comment] = await db.select().from(comments).where(eq(comments.id, id));
	if (!comment) return undefined;
	const target = await resolveCommentTarget(db, comment.targetType, comment.targetId, actor);
	if (!target) return undefined;
	if (comment.hiddenAt && !isModerator(actor, target) && comment.authorId !== actor.userId) return undefined;
	return { comment, target };
}

const authored = (target: CommentTarget, comment: Comment) => ({ ...target.space, authorIds: [comment.authorId] });

export async function editComment(db: Db, actor: Actor, id: string, input: z.output<typeof commentEditInput>, now = new Date()) {
	return db.transaction(async (tx) => {
		const { comment, target } = await commentForChange(tx, actor, id);
		assertCan(actor, 'comment.edit', authored(target, comment));
		if (!visible(comment)) throw new ApiError('conflict', 'comments.gone');
		requireCommenting(actor, target);
		if (input.body === comment.body) return { comment, target };
		const [updated] = await tx.update(comments).set({ body: input.body, editedAt: now }).where(eq(comments.id, id)).returning();
		await notifyMentions(tx, updated, target, comment.body);
		return { comment: updated, target };
	});
}

/** Soft delete by the author: the thread keeps a « Commentaire supprimé » placeholder. */
export async function deleteComment(db: Db, actor: Actor, id: string, now = new Date()) {
	return db.transaction(async (tx) => {
		const { comment, target } = await commentForChange(tx, actor, id);
		assertCan(actor, 'comment.edit', authored(target, comment));
		if (comment.deletedAt) return { comment, target };
		const [updated] = await tx.update(comments).set({ deletedAt: now }).where(eq(comments.id, id)).returning();
		if (comment.hiddenAt === null) await adjustCount(tx, target, -1);
		return { comment: updated, target };
	});
}

/**
 * One vote per person: up, down, or none to withdraw it. The comment row is locked and the
 * counters recomputed from the votes, so parallel votes always leave exact counts.
 */
export async function voteComment(db: Db, actor: Actor, id: string, value: 'up' | 'down' | 'none') {
	return db.transaction(async (tx) => {
		const { comment, target } = await commentForChange(tx, actor, id);
		requireCommenting(actor, target);
		if (!visible(comment)) throw new ApiError('conflict', 'comments.gone');
		if (comment.authorId === actor.userId) throw new ApiError('forbidden', 'comments.ownVote');
		const userId = actor.userId!;
		if (value === 'none') await tx.delete(commentVotes).where(and(eq(commentVotes.commentId, id), eq(commentVotes.userId, userId)));
		else {
			const vote = value === 'up' ? 1 : -1;
			await tx
				.insert(commentVotes)
				.values({ commentId: id, userId, value: vote })
				.onConflictDoUpdate({ target: [commentVotes.commentId, commentVotes.userId], set: { value: vote } });
		}
		const [updated] = await tx
			.update(comments)
			.set({
				upVotes: sql`(select count(*)::int from ${commentVotes} where ${commentVotes.commentId} = ${id} and ${commentVotes.value} = 1)`,
				downVotes: sql`(select count(*)::int from ${commentVotes} where ${commentVotes.commentId} = ${id} and ${commentVotes.value} = -1)`
			})
			.where(eq(comments.id, id))
			.returning();
		return { comment: updated, target, myVote: value === 'none' ? null : value };
	});
}

/** Moderation hides or shows a comment again; the target's count follows. */
export async function setCommentHidden(tx: DbOrTx, id: string, hiddenAt: Date | null) {
	const [comment] = await tx.select().from(comments).where(eq(comments.id, id)).for('update');
	if (!comment || (comment.hiddenAt === null) === (hiddenAt === null)) return comment;
	await tx.update(comments).set({ hiddenAt }).where(eq(comments.id, id));
	if (comment.deletedAt === null) await adjustCount(tx, { type: comment.targetType, id: comment.targetId }, hiddenAt ? -1 : 1);
	return comment;
}

/* ---------- Reading ---------- */

const selection = (actor: Actor) => ({
	comment: comments,
	authorName: users.displayName,
	authorBlockedAt: users.blockedAt,
	myVote: actor.userId
		? sql<number | null>`(select ${commentVotes.value} from ${commentVotes} where ${commentVotes.commentId} = ${comments.id} and ${commentVotes.userId} = ${actor.userId})`
		: sql<null>`null`
});
type Row = { comment: Comment; authorName: string | null; authorBlockedAt: Date | null; myVote: number | null };

function baseQuery(db: DbOrTx, actor: Actor) {
	return db.select(selection(actor)).from(comments).leftJoin(users, eq(users.id, comments.authorId));
}

export interface ViewOptions {
	locale: Locale;
	/** Send the Markdown source of every visible comment (API), not only the viewer's own (pages). */
	allSources?: boolean;
}

function toView(row: Row, actor: Actor, target: CommentTarget, mentions: MentionMap, options: ViewOptions): CommentView {
	const c = row.comment;
	const moderator = isModerator(actor, target);
	const state = c.deletedAt ? 'deleted' : c.hiddenAt ? 'hidden' : 'visible';
	const shown = state === 'visible' || (state === 'hidden' && moderator);
	const own = actor.userId !== null && actor.userId === c.authorId;
	const participates = can(actor, 'space.participate', target.space) && target.commentsAllowed;
	const blocked = row.authorBlockedAt !== null;
	return {
		id: c.id,
		parentId: c.parentId,
		depth: c.depth,
		state,
		author: shown
			? { id: blocked ? null : c.authorId, name: blocked ? translate(options.locale, 'moderation.blockedParticipant') : (row.authorName ?? ''), blocked }
			: null,
		body: shown && (own || options.allSources) ? c.body : null,
		bodyHtml: shown ? renderMarkdown(c.body, mentions) : null,
		stance: c.stance,
		upVotes: c.upVotes,
		downVotes: c.downVotes,
		myVote: row.myVote === 1 ? 'up' : row.myVote === -1 ? 'down' : null,
		createdAt: c.createdAt.toISOString(),
		editedAt: shown ? (c.editedAt?.toISOString() ?? null) : null,
		hiddenForModerators: state === 'hidden' && moderator,
		canEdit: state === 'visible' && own && participates,
		canVote: state === 'visible' && !own && participates,
		canReport: state === 'visible' && !own && can(actor, 'space.participate', target.space)
	};
}

async function views(db: DbOrTx, actor: Actor, target: CommentTarget, rows: Row[], options: ViewOptions) {
	const mentions = await resolveMentions(db, rows.filter((r) => visible(r.comment) || isModerator(actor, target)).map((r) => r.comment.body));
	return rows.map((row) => toView(row, actor, target, mentions, options));
}

const ofTarget = (target: CommentTarget) => and(eq(comments.targetType, target.type), eq(comments.targetId, target.id));
const after = (cursor: Cursor | undefined) =>
	cursor
		? or(gt(comments.createdAt, new Date(cursor.at)), and(eq(comments.createdAt, new Date(cursor.at)), gt(comments.id, cursor.id)))
		: undefined;
const cursorOf = (row: Row) => ({ at: row.comment.createdAt.toISOString(), id: row.comment.id });

/** Every comment of a target, oldest first, as a flat list (the API): replies carry `parentId`. */
export async function listComments(
	db: DbOrTx,
	actor: Actor,
	target: CommentTarget,
	options: ViewOptions & { cursor?: Cursor; limit: number }
): Promise<Page<CommentView>> {
	const rows = await baseQuery(db, actor)
		.where(and(ofTarget(target), after(options.cursor)))
		.orderBy(asc(comments.createdAt), asc(comments.id))
		.limit(options.limit + 1);
	const page = toPage(rows, options.limit, cursorOf);
	return { items: await views(db, actor, target, page.items, options), nextCursor: page.nextCursor };
}

export interface CommentNode extends CommentView {
	replies: CommentNode[];
}

/** What the `Comments` component needs: one page of threads and what the viewer may do. */
export interface CommentsSection {
	targetType: string;
	targetId: string;
	threads: CommentNode[];
	total: number;
	nextCursor: string | null;
	/** Comments beyond this depth are refused: the reply button is not offered there. */
	maxDepth: number;
	canComment: boolean;
	/** Why the viewer cannot comment: sign in, or the phase's reason. */
	closedReason: string | null;
	signedIn: boolean;
	isModerator: boolean;
}

export const THREADS_PER_PAGE = 30;

/**
 * A page of threads for a target's page: top-level comments oldest first, each with all its
 * replies. Deleted and hidden comments stay as placeholders only while they have replies.
 */
export async function loadCommentsSection(
	db: DbOrTx,
	actor: Actor,
	targetType: string,
	targetId: string,
	options: { locale: Locale; cursor?: Cursor }
): Promise<CommentsSection> {
	const target = await commentTargetOr404(db, actor, targetType, targetId);
	const roots = await baseQuery(db, actor)
		.where(and(ofTarget(target), isNull(comments.parentId), after(options.cursor)))
		.orderBy(asc(comments.createdAt), asc(comments.id))
		.limit(THREADS_PER_PAGE + 1);
	const page = toPage(roots, THREADS_PER_PAGE, cursorOf);
	const rows: Row[] = [...page.items];
	for (let level = page.items.map((r) => r.comment.id); level.length; ) {
		const children = await baseQuery(db, actor)
			.where(and(ofTarget(target), inArray(comments.parentId, level)))
			.orderBy(asc(comments.createdAt), asc(comments.id));
		rows.push(...children);
		level = children.map((r) => r.comment.id);
	}
	const all = await views(db, actor, target, rows, { locale: options.locale });
	const nodes = new Map(all.map((view) => [view.id, { ...view, replies: [] as CommentNode[] }]));
	const threads: CommentNode[] = [];
	for (const node of nodes.values()) {
		const parent = node.parentId ? nodes.get(node.parentId) : undefined;
		if (parent) parent.replies.push(node);
		else threads.push(node);
	}
	const prune = (list: CommentNode[]): CommentNode[] =>
		list.flatMap((node) => {
			node.replies = prune(node.replies);
			const placeholder = node.state === 'deleted' || (node.state === 'hidden' && !node.hiddenForModerators);
			return placeholder && node.replies.length === 0 ? [] : [node];
		});
	const [{ total }] = await db
		.select({ total: sql<number>`count(*)::int` })
		.from(comments)
		.where(and(ofTarget(target), isNull(comments.deletedAt), isNull(comments.hiddenAt)));
	const signedIn = actor.userId !== null;
	const participates = can(actor, 'space.participate', target.space);
	return {
		targetType: target.type,
		targetId: target.id,
		threads: prune(threads),
		total,
		nextCursor: page.nextCursor,
		maxDepth: target.rules.commentDepth,
		canComment: participates && target.commentsAllowed,
		closedReason: !signedIn
			? translate(options.locale, 'comments.signInToComment')
			: !participates
				? translate(options.locale, 'error.forbidden')
				: target.commentsAllowed
					? null
					: translate(options.locale, target.reason ?? 'comments.closed.phase'),
		signedIn,
		isModerator: isModerator(actor, target)
	};
}

/** A comment for the API, one viewer's view of it. */
export async function commentJson(db: DbOrTx, actor: Actor, target: CommentTarget, id: string, options: ViewOptions & { siteUrl: string }) {
	const rows = await baseQuery(db, actor).where(eq(comments.id, id));
	const [view] = await views(db, actor, target, rows, options);
	return toCommentJson(view, target, options.siteUrl);
}

export function toCommentJson(view: CommentView, target: CommentTarget, siteUrl: string) {
	return {
		id: view.id,
		target: { type: target.type, id: target.id },
		parent_id: view.parentId,
		depth: view.depth,
		state: view.state,
		author: view.author,
		body: view.body,
		body_html: view.bodyHtml,
		stance: view.stance,
		up_votes: view.upVotes,
		down_votes: view.downVotes,
		my_vote: view.myVote,
		created_at: view.createdAt,
		edited_at: view.editedAt,
		url: siteUrl + commentUrl(target, view.id)
	};
}
