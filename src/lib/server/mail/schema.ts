import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Messages delivered to the development mailbox when no SMTP server is configured. */
export const mailMessages = pgTable(
	'mail_messages',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		to: text('to').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('mail_messages_created_idx').on(t.createdAt)]
);
