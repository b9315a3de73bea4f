import { chatAnnouncer } from '#lib/features/chat/server/jobs.js';
import type { EventSubscriber } from './events.js';
import { webhookSubscriber } from '../webhooks/webhooks.js';

/** Every consumer of portal events; a new integration is one more entry here. */
export const eventSubscribers: readonly EventSubscriber[] = [chatAnnouncer, webhookSubscriber];
