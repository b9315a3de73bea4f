import { and, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import { createComment, listComments, type CommentView, type ViewOptions } from '#lib/features/comments/server/comments.js';
import { loadSpaceContext, registerCommentTarget, type CommentTarget } from '#lib/features/comments/server/targets.js';
import { ApiError } from '#lib/server/api/errors.js';
import { decodeCursor, type Cursor } from '#lib/server/api/pagination.js';
import { can, type Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { documentCommentAnchors } from '#lib/server/db/schema.js';
import { readableDocument, requireDocument } from './documents.js';
import { loadState } from './state.js';

/**
 * Comments on a document, anchored to a passage. They are ordinary comments (target type
 * `document`: replies, edits, votes, reports and moderation come from the comments feature);
 * the anchor — two Yjs relative positions — is kept beside them, so it follows the passage
 * through any edit made before or inside it.
 */

/** A document as a comment target: owners, editors and commenters write; readers read. */
async function documentTarget(db: DbOrTx, id: string, actor: Actor): Promise<CommentTarget | undefined> {
	const access = await readableDocument(db, id, actor);
	if (!access) return undefined;
	const space = await loadSpaceContext(db, access.document.spaceId, actor);
	if (!space) return undefined;
	const allowed = can(actor, 'document.comment', access.resource);
	return {
		type: 'document',
		id,
		spaceId: space.id,
		space: space.resource,
		rules: space.rules,
		commentsAllowed: allowed,
		reason: allowed ? undefined : 'documents.comments.closed',
		url: `/documents/${id}`,
		title: access.document.title,
		authorIds: [],
		hidden: false
	};
}

registerCommentTarget('document', { resolve: documentTarget });

export interface AnchorInput {
	start: string;
	end: string;
}

function decodePosition(encoded: string) {
	try {
		return Y.decodeRelativePosition(new Uint8Array(Buffer.from(encoded, 'base64')));
	} catch {
		return undefined;
	}
}

/** The text between two relative positions in the live document, or null once the passage is gone. */
function passage(doc: Y.Doc, start: string, end: string): string | null {
	const [from, to] = [decodePosition(start), decodePosition(end)];
	if (!from || !to) return null;
	const a = Y.createAbsolutePositionFromRelativePosition(from, doc);
	const b = Y.createAbsolutePositionFromRelativePosition(to, doc);
	if (!a || !b || a.type !== b.type || !(a.type instanceof Y.XmlText) || b.index <= a.index) return null;
	return (a.type.toDelta() as { insert: unknown }[])
		.map((op) => (typeof op.insert === 'string' ? op.insert : ''))
		.join('')
		.slice(a.index, b.index);
}

async function liveDoc(db: DbOrTx, documentId: string) {
	const doc = new Y.Doc();
	const stored = await loadState(db, documentId);
	if (stored) Y.applyUpdate(doc, stored.state);
	return doc;
}

/** A new discussion on a passage: the comment and its anchor in one transaction. */
export async function createAnchoredComment(db: Db, actor: Actor, documentId: string, input: { body: string; anchor: AnchorInput }, now = new Date()) {
	return db.transaction(async (tx) => {
		await requireDocument(tx, documentId, actor, 'document.comment');
		const doc = await liveDoc(tx, documentId);
		const quote = passage(doc, input.anchor.start, input.anchor.end);
		doc.destroy();
		if (!quote) throw new ApiError('validation_failed', 'documents.comments.anchorInvalid', { anchor: 'documents.comments.anchorInvalid' });
		const created = await createComment(tx as Db, actor, { targetType: 'document', targetId: documentId, body: input.body, stance: 'neutral' }, now);
		await tx.insert(documentCommentAnchors).values({ commentId: created.comment.id, documentId, anchorStart: input.anchor.start, anchorEnd: input.anchor.end, quote });
		return created;
	});
}

/** Resolves (or reopens) a discussion: anyone who may comment on the document. */
export async function setResolved(db: Db, actor: Actor, documentId: string, commentId: string, resolved: boolean, now = new Date()) {
	await requireDocument(db, documentId, actor, 'document.comment');
	const [row] = await db
		.update(documentCommentAnchors)
		.set(resolved ? { resolvedAt: now, resolvedBy: actor.userId } : { resolvedAt: null, resolvedBy: null })
		.where(and(eq(documentCommentAnchors.commentId, commentId), eq(documentCommentAnchors.documentId, documentId)))
		.returning();
	if (!row) throw new ApiError('not_found', 'documents.comments.unknown');
}

export interface DocumentThread {
	comment: CommentView;
	anchor: { start: string; end: string; quote: string; text: string | null; resolvedAt: string | null };
	replies: CommentView[];
}

/** Every discussion of a document with its anchor as it stands now (`text` null: the passage was deleted). */
export async function listDocumentThreads(db: DbOrTx, actor: Actor, documentId: string, options: ViewOptions) {
	await requireDocument(db, documentId, actor);
	const target = (await documentTarget(db, documentId, actor))!;
	const all: CommentView[] = [];
	let cursor: Cursor | undefined;
	do {
		const page = await listComments(db, actor, target, { ...options, cursor, limit: 200 });
		all.push(...page.items);
		cursor = decodeCursor(page.nextCursor);
	} while (cursor);
	const anchors = all.length
		? await db.select().from(documentCommentAnchors).where(inArray(documentCommentAnchors.commentId, all.map((c) => c.id)))
		: [];
	const doc = await liveDoc(db, documentId);
	const byRoot = new Map(all.map((c) => [c.id, c]));
	const rootOf = (c: CommentView): string => (c.parentId && byRoot.has(c.parentId) ? rootOf(byRoot.get(c.parentId)!) : c.id);
	const threads: DocumentThread[] = anchors.map((a) => ({
		comment: byRoot.get(a.commentId)!,
		anchor: { start: a.anchorStart, end: a.anchorEnd, quote: a.quote, text: passage(doc, a.anchorStart, a.anchorEnd), resolvedAt: a.resolvedAt?.toISOString() ?? null },
		replies: all.filter((c) => c.id !== a.commentId && rootOf(c) === a.commentId)
	}));
	doc.destroy();
	return { threads: threads.sort((x, y) => x.comment.createdAt.localeCompare(y.comment.createdAt)), target };
}
