import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { spaces } from '../spaces/schema.js';

export const reportReasons = ['spam', 'offensive', 'personal_data', 'off_topic', 'other'] as const;

/** A person's report of a piece of content; one per person and content. */
export const contentReports = pgTable(
	'content_reports',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		targetType: text('target_type').notNull(),
		targetId: uuid('target_id').notNull(),
		reporterId: uuid('reporter_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		reason: text('reason', { enum: reportReasons }).notNull(),
		details: text('details').notNull().default(''),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('content_reports_unique').on(t.targetType, t.targetId, t.reporterId)]
);

export const moderationStates = ['pending', 'hidden', 'dismissed'] as const;

/** The moderators' queue: one row per reported content, with its distinct report count. */
export const moderations = pgTable(
	'moderations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		targetType: text('target_type').notNull(),
		targetId: uuid('target_id').notNull(),
		spaceId: uuid('space_id').references(() => spaces.id, { onDelete: 'cascade' }),
		reportCount: integer('report_count').notNull().default(0),
		state: text('state', { enum: moderationStates }).notNull().default('pending'),
		hiddenAt: timestamp('hidden_at', { withTimezone: true, precision: 3 }),
		decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
		decidedAt: timestamp('decided_at', { withTimezone: true, precision: 3 }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('moderations_target_unique').on(t.targetType, t.targetId), index('moderations_queue_idx').on(t.state, t.reportCount)]
);
