import { bigserial, bigint, customType, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { comments } from '../comments/schema.js';
import { spaces } from '../spaces/schema.js';

/** Binary Yjs updates. postgres.js returns a Buffer, PGlite a Uint8Array: both are Uint8Arrays. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	toDriver: (value) => (value instanceof Buffer ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
	fromDriver: (value) => new Uint8Array(value)
});

/** Per-document roles, strongest first. */
export const documentRoles = ['owner', 'editor', 'commenter', 'reader'] as const;
export type DocumentRole = (typeof documentRoles)[number];

/**
 * `space`: everyone who may read the space may read the document (roles add more).
 * `restricted`: only people given a role (and the organisation's administrators).
 */
export const documentVisibilities = ['space', 'restricted'] as const;
export type DocumentVisibility = (typeof documentVisibilities)[number];

/** What a document may be attached to (a proposal, a meeting, a vote…), by kind and id. */
export const documentAttachmentKinds = ['proposal', 'meeting', 'vote'] as const;

export const documents = pgTable(
	'documents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		spaceId: uuid('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		visibility: text('visibility', { enum: documentVisibilities }).notNull().default('restricted'),
		attachedKind: text('attached_kind', { enum: documentAttachmentKinds }),
		attachedId: uuid('attached_id'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		/** Compacted Yjs state: every update up to `stateUpdateId` merged into one. */
		state: bytea('state'),
		stateUpdateId: bigint('state_update_id', { mode: 'number' }).notNull().default(0),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('documents_space_idx').on(t.spaceId, t.updatedAt, t.id), index('documents_attached_idx').on(t.attachedKind, t.attachedId)]
);

/** The append-only log of Yjs updates not yet compacted into `documents.state`. */
export const documentUpdates = pgTable(
	'document_updates',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		data: bytea('data').notNull(),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('document_updates_document_idx').on(t.documentId, t.id)]
);

export const documentMembers = pgTable(
	'document_members',
	{
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: documentRoles }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.documentId, t.userId] }), index('document_members_user_idx').on(t.userId)]
);

/** `named`: saved by someone with a name; `auto`: periodic snapshot; `restore`: made by restoring an older version. */
export const documentVersionKinds = ['named', 'auto', 'restore'] as const;
export type DocumentVersionKind = (typeof documentVersionKinds)[number];

export const documentVersions = pgTable(
	'document_versions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: documentVersionKinds }).notNull(),
		name: text('name'),
		/** The document's title when the version was taken. */
		title: text('title').notNull(),
		/** Full Yjs state of the document at that moment (restorable). */
		state: bytea('state').notNull(),
		/** The same content as ProseMirror JSON, rendered deterministically to HTML/Markdown. */
		content: text('content').notNull(),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('document_versions_document_idx').on(t.documentId, t.createdAt, t.id)]
);

/**
 * Where a comment on a document points: a passage, as two Yjs relative positions (so the anchor
 * follows the text through concurrent edits), the text quoted when it was written, and whether
 * the discussion is resolved. The comment itself lives in `comments` (target type `document`).
 */
export const documentCommentAnchors = pgTable(
	'document_comment_anchors',
	{
		commentId: uuid('comment_id')
			.primaryKey()
			.references(() => comments.id, { onDelete: 'cascade' }),
		documentId: uuid('document_id')
			.notNull()
			.references(() => documents.id, { onDelete: 'cascade' }),
		/** `Y.encodeRelativePosition`, base64. */
		anchorStart: text('anchor_start').notNull(),
		anchorEnd: text('anchor_end').notNull(),
		quote: text('quote').notNull(),
		resolvedAt: timestamp('resolved_at', { withTimezone: true, precision: 3 }),
		resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [index('document_comment_anchors_document_idx').on(t.documentId)]
);
