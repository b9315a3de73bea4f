import { sql } from 'drizzle-orm';
import {
	boolean,
	customType,
	doublePrecision,
	index,
	integer,
	numeric,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { organisations } from '../organisations/schema.js';
import { categories, spaces } from '../spaces/schema.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const proposalStates = ['draft', 'published', 'evaluating', 'accepted', 'rejected', 'withdrawn', 'implemented', 'merged'] as const;
export type ProposalState = (typeof proposalStates)[number];

/** States an organisation adds to the built-in ones, with their label and colour. */
export const customProposalStates = pgTable(
	'custom_proposal_states',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		label: text('label').notNull(),
		color: text('color').notNull()
	},
	(t) => [index('custom_proposal_states_org_idx').on(t.organisationId)]
);

export const proposals = pgTable(
	'proposals',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		spaceId: uuid('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		/** Sequential per space, shown as "#12". */
		number: integer('number').notNull(),
		title: text('title').notNull(),
		/**
		 * Markdown source of the body. When the co-edited documents land, `documentId` points to the
		 * live Yjs document and `body` becomes its latest published rendering.
		 */
		body: text('body').notNull(),
		documentId: uuid('document_id'),
		state: text('state', { enum: proposalStates }).notNull().default('draft'),
		customStateId: uuid('custom_state_id').references(() => customProposalStates.id, { onDelete: 'set null' }),
		progress: integer('progress'),
		/** Published in the organisation's name by its staff or elected officials. */
		isOfficial: boolean('is_official').notNull().default(false),
		categoryId: uuid('category_id').references(() => categories.id, { onDelete: 'set null' }),
		longitude: doublePrecision('longitude'),
		latitude: doublePrecision('latitude'),
		address: text('address'),
		answerState: text('answer_state', { enum: proposalStates }),
		answerText: text('answer_text'),
		answerCost: numeric('answer_cost', { precision: 14, scale: 2 }),
		answerPublishedAt: timestamp('answer_published_at', { withTimezone: true, precision: 3 }),
		mergedIntoId: uuid('merged_into_id'),
		supportsCount: integer('supports_count').notNull().default(0),
		commentsCount: integer('comments_count').notNull().default(0),
		hiddenAt: timestamp('hidden_at', { withTimezone: true, precision: 3 }),
		/** Accent-free French search vector, maintained by the domain code on every write. */
		searchVector: tsvector('search_vector'),
		publishedAt: timestamp('published_at', { withTimezone: true, precision: 3 }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('proposals_number_unique').on(t.spaceId, t.number),
		// The default list (live proposals, newest first) reads its page straight from this index.
		index('proposals_list_recent_idx')
			.on(t.spaceId, t.publishedAt, t.id)
			.where(sql`${t.state} not in ('draft', 'withdrawn', 'merged') and ${t.hiddenAt} is null`),
		index('proposals_list_supported_idx').on(t.spaceId, t.supportsCount, t.id),
		index('proposals_list_commented_idx').on(t.spaceId, t.commentsCount, t.id),
		index('proposals_category_idx').on(t.categoryId),
		// The map's bounding-box query (open data): located, visible proposals by longitude then latitude.
		index('proposals_location_idx').on(t.longitude, t.latitude).where(sql`${t.longitude} is not null and ${t.hiddenAt} is null`),
		index('proposals_search_idx').using('gin', t.searchVector)
	]
);

export const proposalAuthorRoles = ['author', 'coauthor'] as const;

/** Authors and invited co-authors; an invitation is pending until `acceptedAt`. */
export const proposalAuthors = pgTable(
	'proposal_authors',
	{
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: proposalAuthorRoles }).notNull(),
		invitedAt: timestamp('invited_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true, precision: 3 })
	},
	(t) => [primaryKey({ columns: [t.proposalId, t.userId] }), index('proposal_authors_user_idx').on(t.userId)]
);

/** Every saved text of a proposal, for the history and the diff between versions. */
export const proposalVersions = pgTable(
	'proposal_versions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		title: text('title').notNull(),
		body: text('body').notNull(),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		/** edit, amendment (accepted), merge, answer… */
		reason: text('reason').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('proposal_versions_unique').on(t.proposalId, t.version)]
);

/** One support per person and proposal: the primary key makes parallel clicks count once. */
export const supports = pgTable(
	'supports',
	{
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		spaceId: uuid('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.proposalId, t.userId] }), index('supports_space_user_idx').on(t.spaceId, t.userId)]
);

export const amendmentStates = ['pending', 'accepted', 'rejected', 'promoted'] as const;

export const amendments = pgTable(
	'amendments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		authorId: uuid('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		body: text('body').notNull(),
		state: text('state', { enum: amendmentStates }).notNull().default('pending'),
		decidedAt: timestamp('decided_at', { withTimezone: true, precision: 3 }),
		decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
		promotedProposalId: uuid('promoted_proposal_id'),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('amendments_proposal_idx').on(t.proposalId, t.state)]
);

/** Files attached to a proposal (images, PDF); type and size are checked from the content. */
export const proposalAttachments = pgTable(
	'proposal_attachments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		proposalId: uuid('proposal_id')
			.notNull()
			.references(() => proposals.id, { onDelete: 'cascade' }),
		filename: text('filename').notNull(),
		mediaType: text('media_type').notNull(),
		size: integer('size').notNull(),
		sha256: text('sha256').notNull(),
		/** Base64 of the bytes: drizzle 0.45 has no bytea helper, and files are small (≤ 5 MB). */
		content: text('content').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('proposal_attachments_proposal_idx').on(t.proposalId)]
);

