import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Durable jobs written in the same transaction as the change that causes them, delivered by the
 * outbox worker with retries and backoff, so nothing is lost when a peer is down.
 */
export const outboxJobs = pgTable(
	'outbox_jobs',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind').notNull(),
		payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
		status: text('status', { enum: ['pending', 'done', 'dead'] }).notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		runAt: timestamp('run_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		lastError: text('last_error'),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		doneAt: timestamp('done_at', { withTimezone: true, precision: 3 })
	},
	(t) => [index('outbox_due_idx').on(t.status, t.runAt)]
);
