import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';

/** Who follows what: a space, a proposal… identified by (targetType, targetId). */
export const follows = pgTable(
	'follows',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		targetType: text('target_type').notNull(),
		targetId: uuid('target_id').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.targetType, t.targetId] }), index('follows_target_idx').on(t.targetType, t.targetId)]
);

/** In-app notifications; e-mail copies go through the outbox (immediately or in the daily digest). */
export const notifications = pgTable(
	'notifications',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		/** Text parameters and the link, so a notification renders without joining its target. */
		payload: jsonb('payload').$type<{ title: string; url: string; [key: string]: unknown }>().notNull(),
		readAt: timestamp('read_at', { withTimezone: true, precision: 3 }),
		emailedAt: timestamp('emailed_at', { withTimezone: true, precision: 3 }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt)]
);
