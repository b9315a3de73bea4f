import { sql } from 'drizzle-orm';
import {
	boolean,
	doublePrecision,
	index,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';

export const organisationKinds = [
	'town',
	'intercommunality',
	'department',
	'region',
	'association',
	'company',
	'club'
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const memberRoles = ['member', 'elected', 'agent', 'admin'] as const;
export type MemberRole = (typeof memberRoles)[number];

/** GeoJSON geometry of a territory (WGS 84, lon/lat order). */
export type TerritoryGeometry =
	| { type: 'Polygon'; coordinates: number[][][] }
	| { type: 'MultiPolygon'; coordinates: number[][][][] };

export const organisations = pgTable(
	'organisations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		slug: text('slug').notNull().unique(),
		name: text('name').notNull(),
		kind: text('kind', { enum: organisationKinds }).notNull(),
		description: text('description').notNull().default(''),
		/** Hex colour like #1d4e89, shown on the organisation's pages. */
		accentColor: text('accent_color').notNull().default('#1d4e89'),
		logoUrl: text('logo_url'),
		website: text('website'),
		territory: jsonb('territory').$type<TerritoryGeometry>(),
		/** Bounding box of the territory, so spatial look-ups can pre-filter with an index. */
		bboxWest: doublePrecision('bbox_west'),
		bboxSouth: doublePrecision('bbox_south'),
		bboxEast: doublePrecision('bbox_east'),
		bboxNorth: doublePrecision('bbox_north'),
		timezone: text('timezone').notNull().default('Europe/Paris'),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('organisations_bbox_idx').on(t.bboxWest, t.bboxEast, t.bboxSouth, t.bboxNorth)]
);

/** A person's roles in an organisation: one row per role, so roles never overlap by accident. */
export const memberships = pgTable(
	'memberships',
	{
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: memberRoles }).notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.organisationId, t.userId, t.role] }),
		index('memberships_user_idx').on(t.userId)
	]
);

/** Organisations that belong to a users' club (itself an organisation of kind `club`). */
export const clubMembers = pgTable(
	'club_members',
	{
		clubId: uuid('club_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		memberId: uuid('member_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		/** Only members in good standing (membership fee paid, …) may vote in the club. */
		inGoodStanding: boolean('in_good_standing').notNull().default(true),
		joinedAt: timestamp('joined_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.clubId, t.memberId] })]
);

