import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { organisations } from '../organisations/schema.js';

export const spaceKinds = ['process', 'group'] as const;
export type SpaceKind = (typeof spaceKinds)[number];
export const spaceVisibilities = ['public', 'private'] as const;

/** What a phase switches on; a standing group has a single phase that is always active. */
export interface PhaseCapabilities {
	proposals: boolean;
	supports: boolean;
	comments: boolean;
	amendments: boolean;
	votes: boolean;
}
export const capabilityNames = ['proposals', 'supports', 'comments', 'amendments', 'votes'] as const satisfies readonly (keyof PhaseCapabilities)[];

/** Per-space participation rules (Decidim's component settings). */
export interface SpaceRules {
	/** Published proposals one person may author in the space (0 = no limit). */
	proposalsPerAuthor: number;
	/** Supports one participant may give in the space (0 = no limit). */
	supportsPerParticipant: number;
	/** Supports a proposal needs to be "reached" (0 = none). */
	supportThreshold: number;
	/** Whether supports keep counting past the threshold. */
	countBeyondThreshold: boolean;
	/** A participant's supports count only once they have given this many (0 = at once). */
	minimumSupportsPerParticipant: number;
	/** Maximum depth of comment threads (1 = no replies). */
	commentDepth: number;
	/** Distinct reports that hide a piece of content pending review. */
	reportThreshold: number;
}

export const defaultSpaceRules: SpaceRules = {
	proposalsPerAuthor: 0,
	supportsPerParticipant: 0,
	supportThreshold: 0,
	countBeyondThreshold: true,
	minimumSupportsPerParticipant: 0,
	commentDepth: 3,
	reportThreshold: 3
};

export const spaces = pgTable(
	'spaces',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		slug: text('slug').notNull().unique(),
		kind: text('kind', { enum: spaceKinds }).notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		visibility: text('visibility', { enum: spaceVisibilities }).notNull().default('public'),
		rules: jsonb('rules').$type<SpaceRules>().notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('spaces_organisation_idx').on(t.organisationId), index('spaces_visibility_idx').on(t.visibility, t.createdAt)]
);

export const spacePhases = pgTable(
	'space_phases',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		spaceId: uuid('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		startsAt: timestamp('starts_at', { withTimezone: true, precision: 3 }),
		endsAt: timestamp('ends_at', { withTimezone: true, precision: 3 }),
		isActive: boolean('is_active').notNull().default(false),
		capabilities: jsonb('capabilities').$type<PhaseCapabilities>().notNull()
	},
	(t) => [
		uniqueIndex('space_phases_position_unique').on(t.spaceId, t.position),
		// At most one active phase per space, enforced by the database.
		uniqueIndex('space_phases_one_active').on(t.spaceId).where(sql`${t.isActive}`)
	]
);

export const spaceMemberRoles = ['member', 'moderator'] as const;

/** Members of a space: who may see a private space; moderators handle its reported content. */
export const spaceMembers = pgTable(
	'space_members',
	{
		spaceId: uuid('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: spaceMemberRoles }).notNull().default('member'),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.spaceId, t.userId] }), index('space_members_user_idx').on(t.userId)]
);

/** Categories: a tree per organisation, shared by proposals, reports and meetings. */
export const categories = pgTable(
	'categories',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		parentId: uuid('parent_id'),
		name: text('name').notNull(),
		position: integer('position').notNull().default(0)
	},
	(t) => [index('categories_organisation_idx').on(t.organisationId, t.parentId)]
);
