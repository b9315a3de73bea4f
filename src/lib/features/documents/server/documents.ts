import { and, asc, desc, eq, lt, or, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { spaceReadableBy, spaceRoleOf } from '#lib/features/spaces/server/spaces.js';
import { ApiError } from '#lib/server/api/errors.js';
import { isUuid } from '#lib/server/api/validation.js';
import { toPage, type Cursor } from '#lib/server/api/pagination.js';
import { can, documentRole, type Actor, type DocumentResource } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { documentMembers, documents, documentVersions, spaces, users } from '#lib/server/db/schema.js';
import type { DocumentRole, DocumentVersionKind, DocumentVisibility, documentAttachmentKinds } from '../schema.js';
import { emptyDocument, FRAGMENT, jsonToUpdate, jsonToYDoc, updateToJson, type PmNode } from './content.js';
import { appendUpdates, loadState } from './state.js';

export interface DocumentRecord {
	id: string;
	spaceId: string;
	spaceSlug: string;
	spaceTitle: string;
	spaceVisibility: 'public' | 'private';
	organisationId: string;
	title: string;
	visibility: DocumentVisibility;
	attachedKind: (typeof documentAttachmentKinds)[number] | null;
	attachedId: string | null;
	createdBy: string | null;
	createdAt: Date;
	updatedAt: Date;
}

const columns = {
	id: documents.id,
	spaceId: documents.spaceId,
	spaceSlug: spaces.slug,
	spaceTitle: spaces.title,
	spaceVisibility: spaces.visibility,
	organisationId: spaces.organisationId,
	title: documents.title,
	visibility: documents.visibility,
	attachedKind: documents.attachedKind,
	attachedId: documents.attachedId,
	createdBy: documents.createdBy,
	createdAt: documents.createdAt,
	updatedAt: documents.updatedAt
};

export async function findDocument(db: DbOrTx, id: string): Promise<DocumentRecord | undefined> {
	const [row] = await db.select(columns).from(documents).innerJoin(spaces, eq(spaces.id, documents.spaceId)).where(eq(documents.id, id));
	return row;
}

export async function memberRoleOf(db: DbOrTx, documentId: string, userId: string | null): Promise<DocumentRole | null> {
	if (!userId) return null;
	const [row] = await db
		.select({ role: documentMembers.role })
		.from(documentMembers)
		.where(and(eq(documentMembers.documentId, documentId), eq(documentMembers.userId, userId)));
	return row?.role ?? null;
}

export interface DocumentAccess {
	document: DocumentRecord;
	resource: DocumentResource;
	/** The role that counts for the actor (null: no access). */
	role: DocumentRole | null;
}

export async function documentAccess(db: DbOrTx, document: DocumentRecord, actor: Actor): Promise<DocumentAccess> {
	const [spaceRole, given] = await Promise.all([spaceRoleOf(db, document.spaceId, actor.userId), memberRoleOf(db, document.id, actor.userId)]);
	const resource: DocumentResource = {
		organisationId: document.organisationId,
		visibility: document.spaceVisibility,
		spaceRole,
		documentVisibility: document.visibility,
		documentRole: given
	};
	return { document, resource, role: documentRole(actor, resource) };
}

/** The document if the actor may read it; otherwise undefined (its existence is not disclosed). */
export async function readableDocument(db: DbOrTx, id: string, actor: Actor): Promise<DocumentAccess | undefined> {
	const document = await findDocument(db, id);
	if (!document) return undefined;
	const access = await documentAccess(db, document, actor);
	return can(actor, 'document.read', access.resource) ? access : undefined;
}

/** Throws not found / forbidden unless the actor may do `action` on the document. */
export async function requireDocument(
	db: DbOrTx,
	id: string,
	actor: Actor,
	action: 'document.read' | 'document.comment' | 'document.edit' | 'document.manage' = 'document.read'
): Promise<DocumentAccess> {
	const access = isUuid(id) ? await readableDocument(db, id, actor) : undefined;
	// Signing in may open it; the same answer for every id, so nothing is disclosed.
	if (!access && !actor.userId) throw new ApiError('unauthenticated', 'error.unauthenticated');
	if (!access) throw new ApiError('not_found', 'documents.notFound');
	if (!can(actor, action, access.resource)) throw new ApiError('forbidden', 'documents.forbidden');
	return access;
}

export interface CreateDocumentInput {
	spaceId: string;
	title: string;
	visibility?: DocumentVisibility;
	attachedKind?: (typeof documentAttachmentKinds)[number] | null;
	attachedId?: string | null;
	/** Initial content (ProseMirror JSON); an empty paragraph when absent. */
	content?: PmNode;
	/** Becomes the owner; null for documents made by the system. */
	createdBy: string | null;
}

/**
 * Creates a document with its owner and initial content, in one transaction. Domain function:
 * the caller checks `document.create` (routes) or is the system (seeds, tests, other features).
 */
export async function createDocument(db: Db, input: CreateDocumentInput, now = new Date()): Promise<DocumentRecord> {
	const id = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(documents)
			.values({
				spaceId: input.spaceId,
				title: input.title,
				visibility: input.visibility ?? 'restricted',
				attachedKind: input.attachedKind ?? null,
				attachedId: input.attachedId ?? null,
				createdBy: input.createdBy,
				state: jsonToUpdate(input.content ?? emptyDocument()),
				createdAt: now,
				updatedAt: now
			})
			.returning({ id: documents.id });
		if (input.createdBy) await tx.insert(documentMembers).values({ documentId: row.id, userId: input.createdBy, role: 'owner', createdAt: now });
		return row.id;
	});
	return (await findDocument(db, id))!;
}

export async function updateDocument(db: DbOrTx, id: string, input: { title?: string; visibility?: DocumentVisibility }) {
	await db
		.update(documents)
		.set({ ...input, updatedAt: new Date() })
		.where(eq(documents.id, id));
}

export async function deleteDocument(db: DbOrTx, id: string) {
	await db.delete(documents).where(eq(documents.id, id));
}

/** Documents of a space the actor may read, last changed first (keyset on updated_at, id). */
export async function listDocuments(db: DbOrTx, actor: Actor, options: { spaceId?: string; cursor?: Cursor; limit: number }) {
	const { cursor, limit } = options;
	const after = cursor
		? or(lt(documents.updatedAt, new Date(cursor.at)), and(eq(documents.updatedAt, new Date(cursor.at)), lt(documents.id, cursor.id)))
		: undefined;
	const isAdmin = (orgColumn: typeof spaces.organisationId) =>
		actor.isPlatformAdmin
			? sql`true`
			: actor.memberships.some((m) => m.role === 'admin')
				? sql`${orgColumn} in (${sql.join(
						actor.memberships.filter((m) => m.role === 'admin').map((m) => sql`${m.organisationId}`),
						sql`, `
					)})`
				: sql`false`;
	const hasRole = actor.userId
		? sql`exists (select 1 from ${documentMembers} where ${documentMembers.documentId} = ${documents.id} and ${documentMembers.userId} = ${actor.userId})`
		: sql`false`;
	const openToSpace = and(eq(documents.visibility, 'space'), spaceReadableBy(actor));
	const rows = await db
		.select(columns)
		.from(documents)
		.innerJoin(spaces, eq(spaces.id, documents.spaceId))
		.where(and(options.spaceId ? eq(documents.spaceId, options.spaceId) : undefined, or(openToSpace, hasRole, isAdmin(spaces.organisationId)), after))
		.orderBy(desc(documents.updatedAt), desc(documents.id))
		.limit(limit + 1);
	return toPage(rows, limit, (row) => ({ at: row.updatedAt.toISOString(), id: row.id }));
}

// Roles ----------------------------------------------------------------------------------------

export function listMembers(db: DbOrTx, documentId: string) {
	return db
		.select({ userId: documentMembers.userId, role: documentMembers.role, name: users.displayName, createdAt: documentMembers.createdAt })
		.from(documentMembers)
		.innerJoin(users, eq(users.id, documentMembers.userId))
		.where(eq(documentMembers.documentId, documentId))
		.orderBy(asc(users.displayName), asc(documentMembers.userId));
}

/**
 * Gives (or changes) a person's role. The last owner cannot be demoted: a document always keeps
 * someone who can manage it. Rows are locked so two concurrent demotions cannot both pass.
 */
export async function setMemberRole(db: Db, documentId: string, userId: string, role: DocumentRole | null) {
	await db.transaction(async (tx) => {
		const owners = await tx
			.select({ userId: documentMembers.userId })
			.from(documentMembers)
			.where(and(eq(documentMembers.documentId, documentId), eq(documentMembers.role, 'owner')))
			.for('update');
		const isOwner = owners.some((o) => o.userId === userId);
		if (isOwner && role !== 'owner' && owners.length === 1) throw new ApiError('conflict', 'documents.lastOwner');
		if (role === null) await tx.delete(documentMembers).where(and(eq(documentMembers.documentId, documentId), eq(documentMembers.userId, userId)));
		else
			await tx
				.insert(documentMembers)
				.values({ documentId, userId, role })
				.onConflictDoUpdate({ target: [documentMembers.documentId, documentMembers.userId], set: { role } });
	});
	roleChanged(documentId, userId);
}

type RoleListener = (documentId: string, userId: string | null) => void;
const roleListeners = new Set<RoleListener>();
/** The realtime server re-checks open connections when roles or visibility change. */
export function onAccessChange(listener: RoleListener) {
	roleListeners.add(listener);
	return () => roleListeners.delete(listener);
}
export function roleChanged(documentId: string, userId: string | null) {
	for (const listener of roleListeners) listener(documentId, userId);
}

// Versions -------------------------------------------------------------------------------------

export interface VersionRecord {
	id: string;
	documentId: string;
	kind: DocumentVersionKind;
	name: string | null;
	title: string;
	content: PmNode;
	createdBy: string | null;
	createdByName: string | null;
	createdAt: Date;
}

const versionColumns = {
	id: documentVersions.id,
	documentId: documentVersions.documentId,
	kind: documentVersions.kind,
	name: documentVersions.name,
	title: documentVersions.title,
	content: documentVersions.content,
	createdBy: documentVersions.createdBy,
	createdByName: users.displayName,
	createdAt: documentVersions.createdAt
};

const toVersion = (row: { content: string } & Omit<VersionRecord, 'content'>): VersionRecord => ({ ...row, content: JSON.parse(row.content) });

/** Freezes the current content as a version (named by a person, or an automatic snapshot). */
export async function createVersion(
	db: DbOrTx,
	input: { documentId: string; kind: DocumentVersionKind; name?: string | null; createdBy: string | null },
	now = new Date()
): Promise<VersionRecord> {
	const [document, stored] = await Promise.all([findDocument(db, input.documentId), loadState(db, input.documentId)]);
	if (!document || !stored) throw new ApiError('not_found', 'documents.notFound');
	const content = updateToJson(stored.state);
	const [row] = await db
		.insert(documentVersions)
		.values({
			documentId: input.documentId,
			kind: input.kind,
			name: input.name ?? null,
			title: document.title,
			state: stored.state,
			content: JSON.stringify(content),
			createdBy: input.createdBy,
			createdAt: now
		})
		.returning({ id: documentVersions.id });
	return (await findVersion(db, row.id))!;
}

export async function findVersion(db: DbOrTx, versionId: string): Promise<VersionRecord | undefined> {
	const [row] = await db.select(versionColumns).from(documentVersions).leftJoin(users, eq(users.id, documentVersions.createdBy)).where(eq(documentVersions.id, versionId));
	return row ? toVersion(row) : undefined;
}

/** Versions of a document, newest first (keyset on created_at, id). */
export async function listVersions(db: DbOrTx, documentId: string, options: { cursor?: Cursor; limit: number; named?: boolean }) {
	const { cursor, limit } = options;
	const after = cursor
		? or(lt(documentVersions.createdAt, new Date(cursor.at)), and(eq(documentVersions.createdAt, new Date(cursor.at)), lt(documentVersions.id, cursor.id)))
		: undefined;
	const rows = await db
		.select(versionColumns)
		.from(documentVersions)
		.leftJoin(users, eq(users.id, documentVersions.createdBy))
		.where(and(eq(documentVersions.documentId, documentId), options.named ? eq(documentVersions.kind, 'named') : undefined, after))
		.orderBy(desc(documentVersions.createdAt), desc(documentVersions.id))
		.limit(limit + 1);
	return toPage(rows.map(toVersion), limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
}

/** The live content as ProseMirror JSON. */
export async function currentContent(db: DbOrTx, documentId: string): Promise<PmNode> {
	const stored = await loadState(db, documentId);
	return updateToJson(stored?.state);
}

/**
 * Replaces the live content by `content` as one Yjs update on top of the current state (so
 * connected editors receive it like any edit), appended durably.
 */
export async function replaceContent(db: Db, documentId: string, content: PmNode, userId: string | null): Promise<void> {
	const stored = await loadState(db, documentId);
	if (!stored) throw new ApiError('not_found', 'documents.notFound');
	const doc = new Y.Doc();
	Y.applyUpdate(doc, stored.state);
	const before = Y.encodeStateVector(doc);
	const fragment = doc.getXmlFragment(FRAGMENT);
	const fresh = jsonToYDoc(content).getXmlFragment(FRAGMENT);
	doc.transact(() => {
		fragment.delete(0, fragment.length);
		fragment.insert(0, fresh.toArray().map((node) => node.clone() as Y.XmlElement | Y.XmlText));
	});
	const update = Y.encodeStateAsUpdate(doc, before);
	doc.destroy();
	await appendUpdates(db, documentId, [{ data: update, userId }], 'api');
}

/** Restores an older version as the new current content, and records it as a `restore` version. */
export async function restoreVersion(db: Db, documentId: string, versionId: string, userId: string | null): Promise<VersionRecord> {
	const version = await findVersion(db, versionId);
	if (!version || version.documentId !== documentId) throw new ApiError('not_found', 'documents.versionNotFound');
	await replaceContent(db, documentId, version.content, userId);
	return createVersion(db, { documentId, kind: 'restore', name: version.name, createdBy: userId });
}

/**
 * Automatic snapshots: a version for each document edited since its last version, at most one
 * per `minIntervalMs`. Run by the realtime server's background loop.
 */
/**
 * Takes an automatic version of each document edited since its last version, when that last
 * version is older than `minIntervalMs`. Every process runs this: the document row is locked and
 * the condition checked again inside the transaction, so one process takes the version and the
 * others, waiting on the lock, then see it and skip.
 */
export async function takeAutomaticSnapshots(db: Db, now: Date, minIntervalMs: number) {
	// An ISO string: postgres.js does not bind a Date inside a raw fragment (PGlite does).
	const since = new Date(now.getTime() - minIntervalMs).toISOString();
	const lastVersion = sql`coalesce((select max(${documentVersions.createdAt}) from ${documentVersions} where ${documentVersions.documentId} = ${documents.id}), '-infinity'::timestamptz)`;
	const due = sql`${documents.updatedAt} > ${lastVersion} and ${lastVersion} < ${since}::timestamptz`;
	const candidates = await db.select({ id: documents.id }).from(documents).where(due).limit(20);
	let taken = 0;
	for (const { id } of candidates)
		taken += await db.transaction(async (tx) => {
			const [locked] = await tx.select({ id: documents.id }).from(documents).where(eq(documents.id, id)).for('update');
			if (!locked) return 0;
			const [still] = await tx.select({ id: documents.id }).from(documents).where(and(eq(documents.id, id), due));
			if (!still) return 0;
			await createVersion(tx, { documentId: id, kind: 'auto', createdBy: null }, now);
			return 1;
		});
	return taken;
}

/** Caret colours: dark enough for white names on them (contrast above 4.5:1). */
const caretColours = ['#1d4e89', '#8f1f4f', '#18653c', '#6a3d9a', '#a33c00', '#005f73', '#7a4b00', '#3d3d9e'];
export function caretColour(userId: string) {
	let hash = 0;
	for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return caretColours[hash % caretColours.length];
}
