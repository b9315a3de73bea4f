import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { MAIL_JOB, mailDelivery } from './mail/mail.js';
import { startOutboxWorker, type OutboxWorker } from './outbox/outbox.js';
import { seedDemo } from './seed/demo.js';
import { startCollab } from './realtime/collab.js';
import { notificationEmailHandlers, scheduleDailyDigest } from '#lib/features/notifications/server/email.js';
import { configureChat, reconcileAtStartup } from '#lib/features/chat/server/chat.js';
import { chatHandlers } from '#lib/features/chat/server/jobs.js';
import { ensureCategoryTree } from '#lib/features/streetreports/server/categories.js';
import { schedulePolling, streetReportHandlers } from '#lib/features/streetreports/server/forwarding.js';
import { publicationHandlers } from '#lib/features/publications/server/jobs.js';
import { webhookHandlers } from './webhooks/webhooks.js';
// Registers documents as comment targets.
import '#lib/features/documents/server/comments.js';

/**
 * The process-wide services. `hooks.server.ts` starts them once; `server.js` reaches them through
 * a global symbol (it runs outside the bundle) to route WebSocket upgrades and shut down cleanly.
 */
export interface Runtime {
	config: Config;
	database: Database;
	outbox: OutboxWorker;
	ready: boolean;
	/** The origin of the first request served: links in e-mails use it when SITE_URL is unset. */
	observedOrigin?: string;
	shutdown(): Promise<void>;
	upgrade?: (request: unknown, socket: unknown, head: unknown) => void;
}

const key = Symbol.for('parvis.runtime');
type Global = typeof globalThis & { [key]?: Runtime };

export function getRuntime(): Runtime {
	const runtime = (globalThis as Global)[key];
	if (!runtime) throw new Error('Parvis runtime not started');
	return runtime;
}

export async function startRuntime(config: Config): Promise<Runtime> {
	const existing = (globalThis as Global)[key];
	if (existing) return existing;
	const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
	await database.migrate();
	if (config.seedDemo && (await seedDemo(database.db))) console.log('[parvis] demo data created');
	const deliverMail = mailDelivery(database.db, { smtpUrl: config.smtpUrl, from: config.mailFrom });
	const siteUrl = () => config.siteUrl ?? (globalThis as Global)[key]?.observedOrigin ?? 'http://localhost:3000';
	await scheduleDailyDigest(database.db);
	configureChat(config.matrix);
	await reconcileAtStartup(database.db);
	await ensureCategoryTree(database.db);
	await schedulePolling(database.db, config.open311PollMs);
	const outbox = startOutboxWorker(
		database.db,
		{
			[MAIL_JOB]: deliverMail,
			...notificationEmailHandlers(database.db, (message) => deliverMail({ ...message }), siteUrl),
			...chatHandlers(database.db, siteUrl),
			...streetReportHandlers(database.db, siteUrl, config.open311PollMs),
			...webhookHandlers(database.db, { outbound: config.outbound }),
			...publicationHandlers(database.db)
		},
		config.outboxPollMs
	);
	if (config.devMailbox) console.warn('[parvis] development mailbox enabled at /dev/mailbox (set SMTP_URL in production)');
	const collab = startCollab({ db: database.db, databaseUrl: config.databaseUrl, snapshotEveryMs: config.documentSnapshotIntervalMs });
	let stopping: Promise<void> | undefined;
	const runtime: Runtime = {
		config,
		database,
		outbox,
		ready: true,
		upgrade: collab.upgrade as Runtime['upgrade'],
		shutdown() {
			stopping ??= (async () => {
				runtime.ready = false;
				await collab.shutdown();
				await outbox.stop();
				await database.close();
			})();
			return stopping;
		}
	};
	(globalThis as Global)[key] = runtime;
	return runtime;
}
