import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { spaces } from '../spaces/schema.js';

/** The Matrix room of a space, once the homeserver has created it. */
export const chatRooms = pgTable('chat_rooms', {
	spaceId: uuid('space_id')
		.primaryKey()
		.references(() => spaces.id, { onDelete: 'cascade' }),
	/** `!opaque:server`, as the homeserver named it. */
	matrixRoomId: text('matrix_room_id').notNull().unique(),
	/** `#<prefix><slug>:server`: how a retried creation finds the room it already made. */
	alias: text('alias').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
	reconciledAt: timestamp('reconciled_at', { withTimezone: true, precision: 3 })
});

/** The Matrix account of a Parvis user, in the application service's namespace. */
export const chatAccounts = pgTable('chat_accounts', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	matrixUserId: text('matrix_user_id').notNull().unique(),
	createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
});

/** A chat message someone reported: a copy for the moderators' queue (the room may redact it later). */
export const chatReportedMessages = pgTable(
	'chat_reported_messages',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		spaceId: uuid('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		matrixRoomId: text('matrix_room_id').notNull(),
		matrixEventId: text('matrix_event_id').notNull().unique(),
		sender: text('sender').notNull(),
		/** The Parvis author when the sender is one of ours. */
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		body: text('body').notNull(),
		hiddenAt: timestamp('hidden_at', { withTimezone: true, precision: 3 }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('chat_reported_messages_space_idx').on(t.spaceId)]
);
