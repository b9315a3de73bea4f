import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../features/accounts/schema.js';

/** Every administrative action: who, what, on which target, when. */
export const adminLog = pgTable(
	'admin_log',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
		/** Shown when the actor is not a user (the command line, the system). */
		actorLabel: text('actor_label').notNull(),
		action: text('action').notNull(),
		targetType: text('target_type').notNull(),
		targetId: text('target_id'),
		details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('admin_log_created_idx').on(t.createdAt, t.id)]
);
