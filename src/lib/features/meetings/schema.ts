import { sql } from 'drizzle-orm';
import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { organisations } from '../organisations/schema.js';
import { spaces } from '../spaces/schema.js';

export const meetingModes = ['in_person', 'online', 'hybrid'] as const;
export type MeetingMode = (typeof meetingModes)[number];
export const meetingStatuses = ['published', 'cancelled', 'closed'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

export interface AgendaItem {
	title: string;
	description?: string;
}

/**
 * A generic reference to something a meeting is linked to (a proposal, a vote, a document…),
 * so features built later link without a foreign key into their tables.
 */
export interface LinkedItem {
	type: string;
	id: string;
	title?: string;
}

export const meetings = pgTable(
	'meetings',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		spaceId: uuid('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		mode: text('mode', { enum: meetingModes }).notNull(),
		address: text('address'),
		longitude: doublePrecision('longitude'),
		latitude: doublePrecision('latitude'),
		onlineUrl: text('online_url'),
		startsAt: timestamp('starts_at', { withTimezone: true, precision: 3 }).notNull(),
		endsAt: timestamp('ends_at', { withTimezone: true, precision: 3 }).notNull(),
		/** IANA zone the times are shown and exported in (the organisation's at creation). */
		timezone: text('timezone').notNull().default('Europe/Paris'),
		agenda: jsonb('agenda').$type<AgendaItem[]>().notNull().default([]),
		links: jsonb('links').$type<LinkedItem[]>().notNull().default([]),
		status: text('status', { enum: meetingStatuses }).notNull().default('published'),
		registrationsOpen: boolean('registrations_open').notNull().default(true),
		/** Null: no limit. */
		places: integer('places'),
		/** Registered (not waiting) people, kept exact under the meeting row's lock. */
		registeredCount: integer('registered_count').notNull().default(0),
		/** iCalendar SEQUENCE: grows on every significant change (time, place, status). */
		sequence: integer('sequence').notNull().default(0),
		/** iCalendar DTSTAMP: the last significant change. */
		changedAt: timestamp('changed_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		minutes: text('minutes'),
		attendees: integer('attendees'),
		outcomes: text('outcomes'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [
		index('meetings_space_starts_idx').on(t.spaceId, t.startsAt, t.id),
		index('meetings_organisation_starts_idx').on(t.organisationId, t.startsAt, t.id)
	]
);

export const registrationStatuses = ['registered', 'waiting', 'cancelled'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

export const meetingRegistrations = pgTable(
	'meeting_registrations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		meetingId: uuid('meeting_id')
			.notNull()
			.references(() => meetings.id, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		status: text('status', { enum: registrationStatuses }).notNull(),
		/** Shown at the door. */
		code: text('code').notNull(),
		/**
		 * Order on the waiting list: drawn from a sequence while the meeting row is locked, so it
		 * follows the order sign-ups were accepted in (drawn again when someone re-registers).
		 */
		queueNumber: bigserial('queue_number', { mode: 'number' }).notNull(),
		queuedAt: timestamp('queued_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('meeting_registrations_person_unique').on(t.meetingId, t.userId),
		index('meeting_registrations_queue_idx').on(t.meetingId, t.status, t.queueNumber),
		index('meeting_registrations_user_idx').on(t.userId).where(sql`${t.status} <> 'cancelled'`)
	]
);

/** A person's personal calendar feed: the secret is in the URL, only its hash is stored. */
export const calendarFeeds = pgTable('calendar_feeds', {
	userId: uuid('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	tokenHash: text('token_hash').notNull().unique(),
	createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
});
