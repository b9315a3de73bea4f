import { index, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { spaces } from '../spaces/schema.js';

export const commentStances = ['for', 'against', 'neutral'] as const;
/** Longest comment body, in characters. */
export const COMMENT_MAX_LENGTH = 10_000;

/**
 * Comments on any commentable thing, identified by (targetType, targetId): proposals now;
 * documents, votes, reports and meetings later. `spaceId` carries the privacy of the target.
 */
export const comments = pgTable(
	'comments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		targetType: text('target_type').notNull(),
		targetId: uuid('target_id').notNull(),
		spaceId: uuid('space_id').references(() => spaces.id, { onDelete: 'cascade' }),
		parentId: uuid('parent_id'),
		depth: integer('depth').notNull().default(0),
		authorId: uuid('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Markdown as written; rendered through the sanitiser on display. */
		body: text('body').notNull(),
		stance: text('stance', { enum: commentStances }).notNull().default('neutral'),
		upVotes: integer('up_votes').notNull().default(0),
		downVotes: integer('down_votes').notNull().default(0),
		editedAt: timestamp('edited_at', { withTimezone: true, precision: 3 }),
		deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
		hiddenAt: timestamp('hidden_at', { withTimezone: true, precision: 3 }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('comments_target_idx').on(t.targetType, t.targetId, t.createdAt), index('comments_author_idx').on(t.authorId)]
);

/** One vote per person and comment (+1 or -1). */
export const commentVotes = pgTable(
	'comment_votes',
	{
		commentId: uuid('comment_id')
			.notNull()
			.references(() => comments.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		value: smallint('value').notNull()
	},
	(t) => [primaryKey({ columns: [t.commentId, t.userId] })]
);
