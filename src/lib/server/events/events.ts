import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '../db/client.js';
import { eventSubscribers } from './subscribers.js';

/**
 * Portal events: what happened on the portal that other systems want to hear about (an
 * organisation's webhooks, the chat announcer…). A feature emits an event inside the transaction
 * that made the change; each subscriber turns it into its own outbox jobs in that same
 * transaction, so an event goes out if and only if the change committed, and a receiver that is
 * down delays it without losing it.
 */
export const PORTAL_EVENT_TYPES = ['proposal.published', 'space.phase_started', 'meeting.published', 'meeting.cancelled', 'meeting.closed', 'act.published', 'act.withdrawn'] as const;
export type PortalEventType = (typeof PORTAL_EVENT_TYPES)[number];

export interface PortalEvent {
	/** Stable for the life of the event: receivers deduplicate on it. */
	id: string;
	type: PortalEventType;
	occurredAt: string;
	organisationId: string;
	spaceId: string | null;
	/** What every subscriber can show without knowing the type: a title and the portal path. */
	summary: { title: string; url: string };
	data: Record<string, unknown>;
}

export interface EventSubscriber {
	name: string;
	/** Runs inside the emitting transaction: enqueue outbox jobs here, deliver nothing. */
	onEvent(tx: DbOrTx, event: PortalEvent): Promise<void>;
}

export async function emitEvent(
	tx: DbOrTx,
	event: Omit<PortalEvent, 'id' | 'occurredAt'> & { occurredAt?: Date },
	subscribers: readonly EventSubscriber[] = eventSubscribers
) {
	const full: PortalEvent = { ...event, id: randomUUID(), occurredAt: (event.occurredAt ?? new Date()).toISOString() };
	for (const subscriber of subscribers) await subscriber.onEvent(tx, full);
	return full;
}
