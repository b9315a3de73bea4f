import type { Db } from '#lib/server/db/client.js';
import type { OutboxHandler } from '#lib/server/outbox/outbox.js';
import { ANNOUNCE_ACT_JOB, announceScheduledAct } from './acts.js';

/** Outbox handlers of the register: scheduled acts announced when their date comes. */
export function publicationHandlers(db: Db): Record<string, OutboxHandler> {
	return { [ANNOUNCE_ACT_JOB]: (payload) => announceScheduledAct(db, String(payload.actId)) };
}
