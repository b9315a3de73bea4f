import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../features/accounts/schema.js';
import { organisations } from '../../features/organisations/schema.js';

/**
 * An organisation's receiver of portal events. The secret signs every delivery (Standard
 * Webhooks); it is shown once at creation and kept here because signing needs it in clear.
 */
export const webhookEndpoints = pgTable(
	'webhook_endpoints',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		url: text('url').notNull(),
		description: text('description').notNull().default(''),
		secret: text('secret').notNull(),
		/** Event types delivered; empty: every type. */
		eventTypes: text('event_types').array().notNull().default([]),
		enabled: boolean('enabled').notNull().default(true),
		/** Why the portal switched it off (e.g. the receiver answered 410 Gone). */
		disabledReason: text('disabled_reason'),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow()
	},
	(t) => [index('webhook_endpoints_organisation_idx').on(t.organisationId)]
);

export const webhookDeliveryStatuses = ['pending', 'succeeded', 'failed', 'cancelled'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/**
 * One message to one endpoint. Its id is the `webhook-id` of every attempt, redeliveries
 * included, so receivers deduplicate on it; the body is stored so every attempt sends the same bytes.
 */
export const webhookDeliveries = pgTable(
	'webhook_deliveries',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		endpointId: uuid('endpoint_id')
			.notNull()
			.references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
		eventType: text('event_type').notNull(),
		body: text('body').notNull(),
		status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		lastResponseStatus: integer('last_response_status'),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
		succeededAt: timestamp('succeeded_at', { withTimezone: true, precision: 3 })
	},
	(t) => [index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt)]
);

/** Every try of a delivery, as the organisation's administrators see it. */
export const webhookAttempts = pgTable(
	'webhook_attempts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		deliveryId: uuid('delivery_id')
			.notNull()
			.references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
		attemptedAt: timestamp('attempted_at', { withTimezone: true, precision: 3 }).notNull(),
		/** HTTP status of the answer; null when there was none (refused, timed out). */
		responseStatus: integer('response_status'),
		error: text('error'),
		/** When the next try is due after this one failed; null after a success or the last try. */
		nextRetryAt: timestamp('next_retry_at', { withTimezone: true, precision: 3 })
	},
	(t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attemptedAt)]
);
