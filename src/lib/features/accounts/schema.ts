import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		email: text('email').notNull(),
		emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true, precision: 3 }),
		passwordHash: text('password_hash').notNull(),
		displayName: text('display_name').notNull(),
		locale: text('locale').notNull().default('fr'),
		notificationPreferences: jsonb('notification_preferences')
			.$type<NotificationPreferences>()
			.notNull()
			.default(sql`'{"email":"immediate"}'::jsonb`),
		isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
		blockedAt: timestamp('blocked_at', { withTimezone: true, precision: 3 }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)]
);

export interface NotificationPreferences {
	/** How followed activity reaches the user by e-mail. */
	email: 'immediate' | 'daily' | 'never';
}

/** Sessions as in the Lucia guide: the id is the SHA-256 of the token the browser holds. */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** One-time tokens sent by e-mail (verification, password reset); only their hash is kept. */
export const emailTokens = pgTable(
	'email_tokens',
	{
		id: text('id').primaryKey(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		purpose: text('purpose', { enum: ['verify_email', 'reset_password'] }).notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true, precision: 3 }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('email_tokens_user_idx').on(t.userId)]
);

/** Personal API tokens: shown once, stored hashed, revocable, with an expiry. */
export const apiTokens = pgTable(
	'api_tokens',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		tokenHash: text('token_hash').notNull().unique(),
		/** First characters of the token, so people can tell their tokens apart. */
		prefix: text('prefix').notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true, precision: 3 }),
		revokedAt: timestamp('revoked_at', { withTimezone: true, precision: 3 }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('api_tokens_user_idx').on(t.userId)]
);
