import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { isLocale, isMessageKey, translate, type Locale } from '#lib/i18n/index.js';
import type { Db } from '#lib/server/db/client.js';
import { notifications, outboxJobs, users } from '#lib/server/db/schema.js';
import type { MailMessage } from '#lib/server/mail/mail.js';
import { enqueue, enqueueOnce, type OutboxDeliver } from '#lib/server/outbox/outbox.js';

export const NOTIFICATION_EMAIL_JOB = 'notification.email';
export const DAILY_DIGEST_JOB = 'notification.digest';
/** The daily digest goes out at 06:00 UTC (07:00 or 08:00 in Paris). */
const DIGEST_HOUR_UTC = 6;

type Notification = typeof notifications.$inferSelect;

/** How a notification reads in a message, e.g. « Nouvelle phase : « Vote » ». */
export function describeNotification(locale: Locale, notification: Pick<Notification, 'kind' | 'payload'>) {
	const key = `notification.kind.${notification.kind}`;
	const label = translate(locale, isMessageKey(key) ? key : 'notification.kind.other');
	return `${label} : « ${notification.payload.title} »`;
}

export function nextDigestAt(now: Date): Date {
	const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC));
	if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
	return next;
}

/** Makes sure one digest job is pending (called at start-up; the job schedules the next itself). */
export async function scheduleDailyDigest(db: Db, now = new Date()) {
	await enqueueOnce(db, DAILY_DIGEST_JOB, {}, nextDigestAt(now));
}

/**
 * The outbox handlers that e-mail notifications: one message per notification for people who
 * chose "immediately", one digest a day for those who chose "daily digest". `emailedAt` makes a
 * retried job send nothing twice.
 */
export function notificationEmailHandlers(
	db: Db,
	deliver: (message: MailMessage) => Promise<void>,
	siteUrl: () => string,
	now = () => new Date()
): Record<string, OutboxDeliver> {
	const footer = (locale: Locale) => translate(locale, 'mail.notification.footer', { link: `${siteUrl()}/profile` });
	return {
		async [NOTIFICATION_EMAIL_JOB](payload) {
			const [row] = await db
				.select({ notification: notifications, user: users })
				.from(notifications)
				.innerJoin(users, eq(users.id, notifications.userId))
				.where(eq(notifications.id, String(payload.notificationId)));
			if (!row || row.notification.emailedAt || row.user.blockedAt) return;
			const locale = isLocale(row.user.locale) ? row.user.locale : 'fr';
			await deliver({
				to: row.user.email,
				subject: translate(locale, 'mail.notification.subject', { title: row.notification.payload.title }),
				text: `${translate(locale, 'mail.greeting', { name: row.user.displayName })}\n\n${describeNotification(locale, row.notification)}\n${siteUrl()}${row.notification.payload.url}\n\n${footer(locale)}`
			});
			await db.update(notifications).set({ emailedAt: now() }).where(eq(notifications.id, row.notification.id));
		},
		async [DAILY_DIGEST_JOB]() {
			const pending = await db
				.select({ notification: notifications, user: users })
				.from(notifications)
				.innerJoin(users, eq(users.id, notifications.userId))
				.where(and(isNull(notifications.emailedAt), isNull(users.blockedAt), sql`${users.notificationPreferences}->>'email' = 'daily'`))
				.orderBy(asc(notifications.userId), asc(notifications.createdAt));
			const byUser = Map.groupBy(pending, (row) => row.user.id);
			for (const rows of byUser.values()) {
				const user = rows[0].user;
				const locale = isLocale(user.locale) ? user.locale : 'fr';
				const lines = rows.map(({ notification }) => `- ${describeNotification(locale, notification)}\n  ${siteUrl()}${notification.payload.url}`);
				await deliver({
					to: user.email,
					subject: translate(locale, 'mail.digest.subject', { count: rows.length }),
					text: `${translate(locale, 'mail.greeting', { name: user.displayName })}\n\n${translate(locale, 'mail.digest.intro')}\n\n${lines.join('\n')}\n\n${footer(locale)}`
				});
				await db
					.update(notifications)
					.set({ emailedAt: now() })
					.where(inArray(notifications.id, rows.map((row) => row.notification.id)));
			}
			await db.insert(outboxJobs).values({ kind: DAILY_DIGEST_JOB, payload: {}, runAt: nextDigestAt(now()) });
		}
	};
}
