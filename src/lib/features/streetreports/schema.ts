import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { bytea } from '../documents/schema.js';
import { organisations } from '../organisations/schema.js';

/**
 * Issue reports ("signalements"): citizens point at the map and pick a category; Parvis routes the
 * report to the organisation competent for that category at that place and forwards it to its
 * reporting service. The category tree is platform-wide (unlike a space's proposal categories).
 */
export const streetReportCategories = pgTable(
	'street_report_categories',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		parentId: uuid('parent_id').references((): AnyPgColumn => streetReportCategories.id, { onDelete: 'cascade' }),
		/** Stable identifier; also the default Open311 `service_code`. */
		slug: text('slug').notNull().unique(),
		nameFr: text('name_fr').notNull(),
		nameEn: text('name_en').notNull(),
		position: integer('position').notNull().default(0)
	},
	(t) => [index('street_report_categories_parent_idx').on(t.parentId, t.position)]
);

/** An organisation handles a category on its territory; the highest priority wins among several. */
export const streetReportCompetences = pgTable(
	'street_report_competences',
	{
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		categoryId: uuid('category_id')
			.notNull()
			.references(() => streetReportCategories.id, { onDelete: 'cascade' }),
		priority: integer('priority').notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.organisationId, t.categoryId] }), index('street_report_competences_category_idx').on(t.categoryId)]
);

/** Per-organisation settings of reporting; `fallback` marks the platform's catch-all organisation. */
export const streetReportSettings = pgTable(
	'street_report_settings',
	{
		organisationId: uuid('organisation_id')
			.primaryKey()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		allowAnonymous: boolean('allow_anonymous').notNull().default(true),
		fallback: boolean('fallback').notNull().default(false),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('street_report_settings_one_fallback').on(t.fallback).where(sql`${t.fallback}`)]
);

export const streetReportStatuses = ['received', 'in_progress', 'resolved', 'rejected', 'duplicate', 'not_competent'] as const;
export type StreetReportStatus = (typeof streetReportStatuses)[number];
/** Statuses of a report still waiting for action (listed as possible duplicates). */
export const openStatuses: readonly StreetReportStatus[] = ['received', 'in_progress'];

export const streetReports = pgTable(
	'street_reports',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** Shown to the reporter (signed in or not) to follow the report: `XXXX-XXXX`. */
		trackingCode: text('tracking_code').notNull().unique(),
		categoryId: uuid('category_id')
			.notNull()
			.references(() => streetReportCategories.id),
		/** The organisation handling it; null only when no organisation matched and no fallback is set. */
		organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		/** How it was routed: `competence`, `fallback` (nobody matched) or `rerouted` by an agent. */
		routing: text('routing', { enum: ['competence', 'fallback', 'rerouted'] }).notNull(),
		longitude: doublePrecision('longitude').notNull(),
		latitude: doublePrecision('latitude').notNull(),
		address: text('address'),
		description: text('description').notNull(),
		status: text('status', { enum: streetReportStatuses }).notNull().default('received'),
		/** The signed-in reporter, if any; never published. */
		reporterId: uuid('reporter_id').references(() => users.id, { onDelete: 'set null' }),
		contactName: text('contact_name'),
		contactEmail: text('contact_email'),
		contactPhone: text('contact_phone'),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [
		index('street_reports_organisation_idx').on(t.organisationId, t.status, t.createdAt),
		index('street_reports_place_idx').on(t.categoryId, t.longitude, t.latitude),
		index('street_reports_created_idx').on(t.createdAt, t.id),
		// The map layer's bounding-box query, whatever the category.
		index('street_reports_location_idx').on(t.longitude, t.latitude)
	]
);

export const streetReportEventTypes = ['created', 'rerouted', 'status', 'forwarded', 'forward_failed', 'photo_hidden', 'photo_shown'] as const;
export type StreetReportEventType = (typeof streetReportEventTypes)[number];

/** The report's history: every routing, status change, forwarding and photo hidden or shown again, in order. */
export const streetReportEvents = pgTable(
	'street_report_events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		reportId: uuid('report_id')
			.notNull()
			.references(() => streetReports.id, { onDelete: 'cascade' }),
		type: text('type', { enum: streetReportEventTypes }).notNull(),
		status: text('status', { enum: streetReportStatuses }),
		organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		fromOrganisationId: uuid('from_organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
		/** Shown on the report page. */
		publicComment: text('public_comment'),
		/** Agents only. */
		privateComment: text('private_comment'),
		actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
		/** `agent`, `system`, or the reporting service that sent the update. */
		source: text('source').notNull().default('agent'),
		/** A pushed update's own id, so a repeated push is applied once. */
		externalId: text('external_id'),
		/** `photo_hidden` and `photo_shown`: which photo (its position); shown to agents only. */
		photoPosition: integer('photo_position'),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [
		index('street_report_events_report_idx').on(t.reportId, t.createdAt),
		uniqueIndex('street_report_events_external_unique').on(t.reportId, t.externalId).where(sql`${t.externalId} is not null`)
	]
);

export const connectorKinds = ['open311', 'webhook', 'email'] as const;
export type ConnectorKind = (typeof connectorKinds)[number];

/** Where an organisation's reports go: for all its categories, or one category overriding it. */
export const streetReportConnectors = pgTable(
	'street_report_connectors',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		categoryId: uuid('category_id').references(() => streetReportCategories.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: connectorKinds }).notNull(),
		/** Open311 base URL (…/requests.json is appended) or the webhook URL. */
		url: text('url'),
		/** Open311 `api_key`; also what the service presents when it pushes updates. */
		apiKey: text('api_key'),
		jurisdictionId: text('jurisdiction_id'),
		/** Open311 `service_code`; defaults to the category's slug. */
		serviceCode: text('service_code'),
		/** Standard Webhooks secret (`whsec_…`). */
		secret: text('secret'),
		email: text('email'),
		enabled: boolean('enabled').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('street_report_connectors_scope_unique').on(t.organisationId, sql`coalesce(${t.categoryId}, '00000000-0000-0000-0000-000000000000'::uuid)`)]
);

export const forwardingStatuses = ['pending', 'sent', 'failed'] as const;
export type ForwardingStatus = (typeof forwardingStatuses)[number];

/** One report sent through one connector: its state makes a retried job send nothing twice. */
export const streetReportForwardings = pgTable(
	'street_report_forwardings',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		reportId: uuid('report_id')
			.notNull()
			.references(() => streetReports.id, { onDelete: 'cascade' }),
		connectorId: uuid('connector_id')
			.notNull()
			.references(() => streetReportConnectors.id, { onDelete: 'cascade' }),
		status: text('status', { enum: forwardingStatuses }).notNull().default('pending'),
		/** Open311: the id the service gave, or its token until the id is known. */
		serviceRequestId: text('service_request_id'),
		token: text('token'),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		sentAt: timestamp('sent_at', { withTimezone: true, precision: 3 }),
		/** The service's last status as it said it, to apply each change once. */
		externalStatus: text('external_status'),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('street_report_forwardings_once').on(t.reportId, t.connectorId),
		index('street_report_forwardings_status_idx').on(t.status, t.connectorId),
		index('street_report_forwardings_request_idx').on(t.connectorId, t.serviceRequestId)
	]
);

/**
 * A report's photos, re-encoded as JPEG without any metadata (no EXIF, no GPS) when filed, in the
 * same transaction as the report. An agent of the handling organisation may hide one (a face, a
 * licence plate): it is then served to the organisation's agents only.
 */
export const streetReportPhotos = pgTable(
	'street_report_photos',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		reportId: uuid('report_id')
			.notNull()
			.references(() => streetReports.id, { onDelete: 'cascade' }),
		/** 1, 2, 3… in the order sent; the photo's public URL ends with `photos/{position}.jpg`. */
		position: integer('position').notNull(),
		jpeg: bytea('jpeg').notNull(),
		width: integer('width').notNull(),
		height: integer('height').notNull(),
		size: integer('size').notNull(),
		hiddenAt: timestamp('hidden_at', { withTimezone: true, precision: 3 }),
		hiddenBy: uuid('hidden_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('street_report_photos_position_unique').on(t.reportId, t.position)]
);

/** An organisation's canned answers: chosen in the status form, they fill the public comment (and the status, if set). */
export const streetReportTemplates = pgTable(
	'street_report_templates',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		/** The status the template suggests; null leaves the agent's choice. */
		status: text('status', { enum: streetReportStatuses }),
		publicText: text('public_text').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('street_report_templates_organisation_idx').on(t.organisationId, t.title)]
);
