import { eq } from 'drizzle-orm';
import { findSpace } from '#lib/features/spaces/server/spaces.js';
import type { EventSubscriber } from '#lib/server/events/events.js';
import type { Db } from '#lib/server/db/client.js';
import { chatReportedMessages, spaces } from '#lib/server/db/schema.js';
import { isMessageKey, translate } from '#lib/i18n/index.js';
import { escapeHtml } from '#lib/server/markdown.js';
import { enqueue, type OutboxHandler, type OutboxJobContext } from '#lib/server/outbox/outbox.js';
import {
	CHAT_ANNOUNCE_JOB,
	CHAT_RECONCILE_ALL_JOB,
	CHAT_RECONCILE_JOB,
	CHAT_REDACT_JOB,
	chatClient,
	chatEnabled,
	ensureRoom,
	RECONCILE_ALL_EVERY_MS,
	reconcileSpace,
	scheduleFullReconciliation
} from './chat.js';
import { asDeliveryError, paths } from './matrix.js';
import './reports.js';

/**
 * Homeserver calls retry quickly at first (a restart takes seconds), then back off to hourly for
 * about a day; a 429's `retry_after_ms` always wins when it is longer.
 */
export const CHAT_RETRY_DELAYS_MS: readonly number[] = [
	1_000, 2_000, 5_000, 15_000, 30_000, 60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000, 30 * 60_000,
	...Array.from({ length: 24 }, () => 60 * 60_000)
];

/** The bot's message for a portal event: a label for the kind, the summary's title and a link. */
export function announcement(type: string, title: string, url: string) {
	const key = `chat.announce.${type}`;
	const label = translate('fr', isMessageKey(key) ? key : 'chat.announce.other');
	return {
		msgtype: 'm.notice',
		body: `${label} : ${title} — ${url}`,
		format: 'org.matrix.custom.html',
		formatted_body: `${escapeHtml(label)} : <a href="${escapeHtml(url)}">${escapeHtml(title)}</a>`
	};
}

/** Portal events with a space become announcements in the space's room. */
export const chatAnnouncer: EventSubscriber = {
	name: 'chat',
	async onEvent(tx, event) {
		if (!chatEnabled() || !event.spaceId) return;
		const [space] = await tx.select({ visibility: spaces.visibility }).from(spaces).where(eq(spaces.id, event.spaceId));
		if (!space) return;
		await enqueue(tx, CHAT_ANNOUNCE_JOB, { eventId: event.id, type: event.type, spaceId: event.spaceId, title: event.summary.title, url: event.summary.url });
	}
};

const withRetries = (deliver: (payload: Record<string, unknown>, job: OutboxJobContext) => Promise<void>): OutboxHandler => ({
	retryDelaysMs: CHAT_RETRY_DELAYS_MS,
	async deliver(payload, job) {
		try {
			await deliver(payload, job);
		} catch (error) {
			throw asDeliveryError(error);
		}
	}
});

/** The outbox handlers of the chat; empty when no homeserver is configured. */
export function chatHandlers(db: Db, siteUrl: () => string): Record<string, OutboxHandler> {
	const matrix = chatClient();
	if (!matrix) return {};
	return {
		[CHAT_RECONCILE_JOB]: withRetries(async (payload) => {
			await reconcileSpace(db, matrix, String(payload.spaceId));
		}),
		[CHAT_RECONCILE_ALL_JOB]: withRetries(async (_payload, job) => {
			const all = await db.select({ id: spaces.id }).from(spaces);
			for (const { id } of all) await enqueue(db, CHAT_RECONCILE_JOB, { spaceId: id });
			await scheduleFullReconciliation(db, new Date(), RECONCILE_ALL_EVERY_MS, job.id);
		}),
		[CHAT_ANNOUNCE_JOB]: withRetries(async (payload) => {
			const space = await findSpace(db, { id: String(payload.spaceId) });
			if (!space) return;
			const room = await ensureRoom(db, matrix, space);
			const url = new URL(String(payload.url), siteUrl()).toString();
			await matrix.request('PUT', paths.send(room.matrixRoomId, 'm.room.message', `parvis-${payload.eventId}`), {
				body: announcement(String(payload.type), String(payload.title), url)
			});
		}),
		[CHAT_REDACT_JOB]: withRetries(async (payload) => {
			const [message] = await db.select().from(chatReportedMessages).where(eq(chatReportedMessages.id, String(payload.messageId)));
			if (!message) return;
			await matrix.request('PUT', paths.redact(message.matrixRoomId, message.matrixEventId, `parvis-redact-${message.id}`), {
				body: { reason: 'Masqué par la modération' }
			});
		})
	};
}
