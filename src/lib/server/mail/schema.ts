import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A file sent with an e-mail (text content only: calendar invitations, CSV…). */
export interface MailAttachment {
	filename: string;
	contentType: string;
	content: string;
}

/** Messages delivered to the development mailbox when no SMTP server is configured. */
export const mailMessages = pgTable(
	'mail_messages',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		to: text('to').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		attachments: jsonb('attachments').$type<MailAttachment[]>().notNull().default([]),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('mail_messages_created_idx').on(t.createdAt)]
);
