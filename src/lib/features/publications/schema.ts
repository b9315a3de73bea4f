import { sql, type SQL } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { bytea } from '../documents/schema.js';
import { organisations } from '../organisations/schema.js';
import { spaces } from '../spaces/schema.js';

/** Kinds of official acts; the prefix opens their number (DEL-2026-001). */
export const actTypes = ['deliberation', 'decree', 'decision', 'minutes', 'other'] as const;
export type ActType = (typeof actTypes)[number];
export const actNumberPrefix: Record<ActType, string> = { deliberation: 'DEL', decree: 'ARR', decision: 'DEC', minutes: 'PV', other: 'ACT' };

/**
 * An adopted official act. Its renderings (`act_files`) are written once at adoption and never
 * updated: the row itself only ever changes to record a withdrawal or the announcement of a
 * scheduled publication. The document and version it froze are kept as plain ids, so deleting
 * the working document never touches the register.
 */
export const acts = pgTable(
	'acts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'restrict' }),
		spaceId: uuid('space_id').references(() => spaces.id, { onDelete: 'set null' }),
		documentId: uuid('document_id'),
		versionId: uuid('version_id'),
		type: text('type', { enum: actTypes }).notNull(),
		/** Year of adoption: numbering restarts each year, per type. */
		year: integer('year').notNull(),
		/** Human number, unique per organisation and type; proposed from the next free sequence, editable. */
		number: text('number').notNull(),
		title: text('title').notNull(),
		subject: text('subject').notNull(),
		category: text('category'),
		adoptedOn: date('adopted_on', { mode: 'string' }).notNull(),
		signatoryName: text('signatory_name').notNull(),
		signatoryTitle: text('signatory_title').notNull(),
		/** Plain text of the act, for full-text search. */
		text: text('text').notNull(),
		correctsId: uuid('corrects_id').references((): AnyPgColumn => acts.id, { onDelete: 'restrict' }),
		/** When the act goes (or went) online: now, or a scheduled date. */
		publishedAt: timestamp('published_at', { withTimezone: true, precision: 3 }).notNull(),
		/** When act.published was emitted (at adoption, or by the scheduled job). */
		announcedAt: timestamp('announced_at', { withTimezone: true, precision: 3 }),
		withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, precision: 3 }),
		withdrawalReason: text('withdrawal_reason'),
		adoptedBy: uuid('adopted_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('acts_number_unique').on(t.organisationId, t.type, t.number),
		index('acts_register_idx').on(t.organisationId, t.publishedAt, t.id),
		index('acts_search_idx').using('gin', actSearchVector(t))
	]
);

/** The indexed search document; queries must use the same expression to hit the index. */
export function actSearchVector(t: { number: AnyPgColumn; title: AnyPgColumn; subject: AnyPgColumn; text: AnyPgColumn }): SQL {
	return sql`to_tsvector('french'::regconfig, ${t.number} || ' ' || ${t.title} || ' ' || ${t.subject} || ' ' || ${t.text})`;
}

export const actFileKinds = ['pdf', 'html', 'attachment'] as const;
export type ActFileKind = (typeof actFileKinds)[number];

/** The frozen bytes of an act: its PDF and HTML renderings and any attachments, with their SHA-256. */
export const actFiles = pgTable(
	'act_files',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		actId: uuid('act_id')
			.notNull()
			.references(() => acts.id, { onDelete: 'restrict' }),
		kind: text('kind', { enum: actFileKinds }).notNull(),
		filename: text('filename').notNull(),
		contentType: text('content_type').notNull(),
		size: integer('size').notNull(),
		/** Lower-case hex. */
		sha256: text('sha256').notNull(),
		data: bytea('data').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('act_files_rendering_unique').on(t.actId, t.kind).where(sql`${t.kind} <> 'attachment'`),
		index('act_files_act_idx').on(t.actId),
		index('act_files_sha256_idx').on(t.sha256)
	]
);
