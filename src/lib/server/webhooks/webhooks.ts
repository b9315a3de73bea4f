import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { ApiError } from '../api/errors.js';
import { isUuid } from '../api/validation.js';
import type { Db, DbOrTx } from '../db/client.js';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../db/schema.js';
import type { EventSubscriber } from '../events/events.js';
import { assertPublicUrl, outboundRequest, type OutboundPolicy } from '../http/outbound.js';
import { enqueue, PermanentDeliveryError, RetryLaterError, type OutboxHandler } from '../outbox/outbox.js';
import { generateWebhookSecret, webhookHeaders } from './standard-webhooks.js';

/**
 * Organisation webhooks: any feature hands an event to `emitWebhookEvent` inside its own
 * transaction; one delivery row and one outbox job per subscribed endpoint are written there, so
 * a receiver hears of a change if and only if it committed, however long the receiver is down.
 */
export const WEBHOOK_JOB = 'webhook.deliver';

/** The Standard Webhooks schedule after the immediate try: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about a day). */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;

/** The `webhook-id` of a delivery: the same on every attempt and on a manual redelivery. */
export const messageId = (deliveryId: string) => `msg_${deliveryId.replaceAll('-', '')}`;

/** Queues `type` for every enabled endpoint of the organisation that listens to it; returns how many. */
export async function emitWebhookEvent(
	tx: DbOrTx,
	organisationId: string,
	type: string,
	data: Record<string, unknown>,
	occurredAt = new Date()
): Promise<number> {
	const endpoints = await tx
		.select({ id: webhookEndpoints.id })
		.from(webhookEndpoints)
		.where(
			and(
				eq(webhookEndpoints.organisationId, organisationId),
				eq(webhookEndpoints.enabled, true),
				sql`(cardinality(${webhookEndpoints.eventTypes}) = 0 or ${type} = any(${webhookEndpoints.eventTypes}))`
			)
		);
	if (!endpoints.length) return 0;
	const body = JSON.stringify({ type, timestamp: occurredAt.toISOString(), data });
	const rows = await tx
		.insert(webhookDeliveries)
		.values(endpoints.map((endpoint) => ({ endpointId: endpoint.id, eventType: type, body, nextAttemptAt: occurredAt })))
		.returning({ id: webhookDeliveries.id });
	for (const row of rows) await enqueue(tx, WEBHOOK_JOB, { deliveryId: row.id });
	return rows.length;
}

/** Every portal event goes to the organisation's webhooks too. */
export const webhookSubscriber: EventSubscriber = {
	name: 'webhooks',
	async onEvent(tx, event) {
		await emitWebhookEvent(
			tx,
			event.organisationId,
			event.type,
			{ event_id: event.id, organisation_id: event.organisationId, space_id: event.spaceId, title: event.summary.title, path: event.summary.url, ...event.data },
			new Date(event.occurredAt)
		);
	}
};

export interface WebhookDeliveryOptions {
	/** Which addresses deliveries may reach (the configuration's, in the server). */
	outbound: OutboundPolicy;
	now?: () => Date;
	retryDelaysMs?: readonly number[];
	timeoutMs?: number;
}

/** The outbox handler; tests pass a clock and a schedule of their own. */
export function webhookHandlers(db: Db, { outbound, now = () => new Date(), retryDelaysMs = WEBHOOK_RETRY_DELAYS_MS, timeoutMs = 10_000 }: WebhookDeliveryOptions): Record<string, OutboxHandler> {
	return {
		[WEBHOOK_JOB]: {
			retryDelaysMs,
			deliver: (payload, job) => deliverOnce(db, String(payload.deliveryId), job.attempt, { outbound, now, retryDelaysMs, timeoutMs })
		}
	};
}

async function deliverOnce(db: Db, deliveryId: string, attempt: number, options: Required<WebhookDeliveryOptions>) {
	const [row] = await db
		.select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
		.from(webhookDeliveries)
		.innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
		.where(eq(webhookDeliveries.id, deliveryId));
	if (!row || row.delivery.status !== 'pending') return;
	const { delivery, endpoint } = row;
	if (!endpoint.enabled) {
		await db.update(webhookDeliveries).set({ status: 'cancelled', nextAttemptAt: null }).where(eq(webhookDeliveries.id, deliveryId));
		return;
	}
	const attemptedAt = options.now();
	let status: number | null = null;
	let error: string | null = null;
	let retryAfterMs = 0;
	try {
		const response = await outboundRequest(
			endpoint.url,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', 'user-agent': 'Parvis-Webhooks/1', ...webhookHeaders(endpoint.secret, messageId(delivery.id), delivery.body, attemptedAt) },
				body: delivery.body,
				timeoutMs: options.timeoutMs
			},
			options.outbound
		);
		status = response.status;
		retryAfterMs = Math.max(0, Number(response.headers['retry-after']) * 1000 || 0);
		if (status < 200 || status >= 300) error = `HTTP ${status}`;
	} catch (caught) {
		error = caught instanceof Error ? caught.message : String(caught);
	}
	const gone = status === 410;
	const delay = error && !gone ? options.retryDelaysMs[attempt - 1] : undefined;
	const nextRetryAt = delay === undefined ? null : new Date(attemptedAt.getTime() + Math.max(delay, status === 429 || status === 503 ? retryAfterMs : 0));
	await db.transaction(async (tx) => {
		await tx.insert(webhookAttempts).values({ deliveryId, attemptedAt, responseStatus: status, error, nextRetryAt });
		await tx
			.update(webhookDeliveries)
			.set({
				attempts: sql`${webhookDeliveries.attempts} + 1`,
				lastResponseStatus: status,
				status: !error ? 'succeeded' : nextRetryAt ? 'pending' : 'failed',
				nextAttemptAt: nextRetryAt,
				succeededAt: error ? null : attemptedAt
			})
			.where(eq(webhookDeliveries.id, deliveryId));
		if (gone)
			await tx
				.update(webhookEndpoints)
				.set({ enabled: false, disabledReason: 'HTTP 410 Gone', updatedAt: attemptedAt })
				.where(eq(webhookEndpoints.id, endpoint.id));
	});
	if (gone) throw new PermanentDeliveryError('HTTP 410 Gone: endpoint disabled');
	if (error && (status === 429 || status === 503) && retryAfterMs) throw new RetryLaterError(error, retryAfterMs);
	if (error) throw new Error(error);
}

// Management by the organisation's administrators

export async function listEndpoints(db: DbOrTx, organisationId: string) {
	return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.organisationId, organisationId)).orderBy(webhookEndpoints.createdAt);
}

/** The endpoint, or a 404 (also when it belongs to another organisation than the one asked). */
export async function endpointOr404(db: DbOrTx, id: string): Promise<WebhookEndpoint> {
	const [endpoint] = isUuid(id) ? await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)) : [];
	if (!endpoint) throw new ApiError('not_found', 'webhooks.notFound');
	return endpoint;
}

export interface EndpointInput {
	url: string;
	description: string;
	event_types: string[];
}

/** Returns the secret in clear: the only time it is shown. A URL leading to a private network is refused (400) unless allowed. */
export async function createEndpoint(db: DbOrTx, organisationId: string, createdBy: string | null, input: EndpointInput, outbound: OutboundPolicy) {
	await assertPublicUrl(input.url, outbound);
	const secret = generateWebhookSecret();
	const [endpoint] = await db
		.insert(webhookEndpoints)
		.values({ organisationId, url: input.url, description: input.description, eventTypes: input.event_types, secret, createdBy })
		.returning();
	return { endpoint, secret };
}

export async function updateEndpoint(db: DbOrTx, endpoint: WebhookEndpoint, input: Partial<EndpointInput> & { enabled?: boolean }, outbound: OutboundPolicy) {
	if (input.url !== undefined) await assertPublicUrl(input.url, outbound);
	const [updated] = await db
		.update(webhookEndpoints)
		.set({
			...(input.url !== undefined ? { url: input.url } : {}),
			...(input.description !== undefined ? { description: input.description } : {}),
			...(input.event_types !== undefined ? { eventTypes: input.event_types } : {}),
			...(input.enabled !== undefined ? { enabled: input.enabled, disabledReason: null } : {}),
			updatedAt: new Date()
		})
		.where(eq(webhookEndpoints.id, endpoint.id))
		.returning();
	return updated;
}

export async function deleteEndpoint(db: DbOrTx, endpoint: WebhookEndpoint) {
	await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
}

/** The latest deliveries of an endpoint, each with its attempts (newest first). */
export async function listDeliveries(db: DbOrTx, endpointId: string, limit = 50) {
	const deliveries = await db
		.select()
		.from(webhookDeliveries)
		.where(eq(webhookDeliveries.endpointId, endpointId))
		.orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
		.limit(limit);
	const attempts = deliveries.length
		? await db
				.select()
				.from(webhookAttempts)
				.where(inArray(webhookAttempts.deliveryId, deliveries.map((d) => d.id)))
				.orderBy(desc(webhookAttempts.attemptedAt))
		: [];
	return deliveries.map((delivery) => ({ delivery, attempts: attempts.filter((a) => a.deliveryId === delivery.id) }));
}

export async function deliveryOr404(db: DbOrTx, id: string) {
	const [row] = isUuid(id)
		? await db
				.select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
				.from(webhookDeliveries)
				.innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
				.where(eq(webhookDeliveries.id, id))
		: [];
	if (!row) throw new ApiError('not_found', 'webhooks.deliveryNotFound');
	return row;
}

/** Sends a delivery again, same `webhook-id` and body, with a fresh retry schedule. */
export async function redeliver(db: Db, delivery: WebhookDelivery, endpoint: WebhookEndpoint, now = new Date()) {
	if (!endpoint.enabled) throw new ApiError('conflict', 'webhooks.disabled');
	return db.transaction(async (tx) => {
		const [updated] = await tx
			.update(webhookDeliveries)
			.set({ status: 'pending', nextAttemptAt: now })
			.where(eq(webhookDeliveries.id, delivery.id))
			.returning();
		await enqueue(tx, WEBHOOK_JOB, { deliveryId: delivery.id }, now);
		return updated;
	});
}

export function toEndpointJson(endpoint: WebhookEndpoint) {
	return {
		id: endpoint.id,
		url: endpoint.url,
		description: endpoint.description,
		event_types: endpoint.eventTypes,
		enabled: endpoint.enabled,
		disabled_reason: endpoint.disabledReason,
		created_at: endpoint.createdAt.toISOString()
	};
}

export function toDeliveryJson({ delivery, attempts }: { delivery: WebhookDelivery; attempts: WebhookAttempt[] }) {
	return {
		id: delivery.id,
		webhook_id: messageId(delivery.id),
		event_type: delivery.eventType,
		status: delivery.status,
		attempts: delivery.attempts,
		last_response_status: delivery.lastResponseStatus,
		next_attempt_at: delivery.status === 'pending' ? (delivery.nextAttemptAt?.toISOString() ?? null) : null,
		created_at: delivery.createdAt.toISOString(),
		succeeded_at: delivery.succeededAt?.toISOString() ?? null,
		history: attempts.map((a) => ({
			attempted_at: a.attemptedAt.toISOString(),
			response_status: a.responseStatus,
			error: a.error,
			next_retry_at: a.nextRetryAt?.toISOString() ?? null
		}))
	};
}
