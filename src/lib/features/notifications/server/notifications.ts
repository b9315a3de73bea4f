import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '#lib/server/db/client.js';
import { follows, notifications, users } from '#lib/server/db/schema.js';
import { enqueue } from '#lib/server/outbox/outbox.js';
import { NOTIFICATION_EMAIL_JOB } from './email.js';
import { toPage, type Cursor } from '#lib/server/api/pagination.js';

/** What can be followed; a (type, id) pair as stored in `follows`. */
export interface FollowTarget {
	targetType: 'space' | 'proposal' | (string & {});
	targetId: string;
}

export interface NotificationPayload {
	/** The thing the notification is about, as people read it (a phase, a proposal title…). */
	title: string;
	/** Site-relative link to it. */
	url: string;
	[key: string]: unknown;
}

/**
 * Writes one in-app notification per user, in the caller's transaction (so they exist if and only
 * if the change committed). Duplicates and `exceptUserIds` (usually the person acting) are left out.
 * People who chose immediate e-mail get a copy through the outbox; those who chose the daily
 * digest get it in the next digest. `email: false` is for callers that send their own message.
 */
export async function notifyUsers(
	tx: DbOrTx,
	userIds: Iterable<string>,
	kind: string,
	payload: NotificationPayload,
	options: { exceptUserIds?: (string | null)[]; email?: boolean } = {}
) {
	const except = new Set(options.exceptUserIds ?? []);
	const recipients = [...new Set(userIds)].filter((id) => !except.has(id));
	if (!recipients.length) return 0;
	const inserted = await tx
		.insert(notifications)
		.values(recipients.map((userId) => ({ userId, kind, payload, ...(options.email === false ? { emailedAt: new Date() } : {}) })))
		.returning({ id: notifications.id, userId: notifications.userId });
	if (options.email !== false) {
		const immediate = await tx
			.select({ id: users.id })
			.from(users)
			.where(and(inArray(users.id, recipients), sql`${users.notificationPreferences}->>'email' = 'immediate'`));
		const wanted = new Set(immediate.map((row) => row.id));
		for (const row of inserted) if (wanted.has(row.userId)) await enqueue(tx, NOTIFICATION_EMAIL_JOB, { notificationId: row.id });
	}
	return recipients.length;
}

export async function countUnread(db: DbOrTx, userId: string) {
	const [row] = await db
		.select({ count: sql<number>`count(*)::int` })
		.from(notifications)
		.where(and(eq(notifications.userId, userId), sql`${notifications.readAt} is null`));
	return row.count;
}

export async function markAllNotificationsRead(db: DbOrTx, userId: string, now = new Date()) {
	await db
		.update(notifications)
		.set({ readAt: now })
		.where(and(eq(notifications.userId, userId), sql`${notifications.readAt} is null`));
}

export async function followersOf(tx: DbOrTx, target: FollowTarget): Promise<string[]> {
	const rows = await tx
		.select({ userId: follows.userId })
		.from(follows)
		.where(and(eq(follows.targetType, target.targetType), eq(follows.targetId, target.targetId)));
	return rows.map((row) => row.userId);
}

/** Notifies everyone who follows `target` (and, optionally, other users such as the authors). */
export async function notifyFollowers(
	tx: DbOrTx,
	target: FollowTarget,
	kind: string,
	payload: NotificationPayload,
	options: { alsoUserIds?: string[]; exceptUserIds?: (string | null)[] } = {}
) {
	const followers = await followersOf(tx, target);
	return notifyUsers(tx, [...followers, ...(options.alsoUserIds ?? [])], kind, payload, options);
}

export async function follow(db: DbOrTx, userId: string, target: FollowTarget) {
	await db.insert(follows).values({ userId, ...target }).onConflictDoNothing();
}

export async function unfollow(db: DbOrTx, userId: string, target: FollowTarget) {
	await db
		.delete(follows)
		.where(and(eq(follows.userId, userId), eq(follows.targetType, target.targetType), eq(follows.targetId, target.targetId)));
}

export async function isFollowing(db: DbOrTx, userId: string | null, target: FollowTarget) {
	if (!userId) return false;
	const rows = await db
		.select({ one: sql`1` })
		.from(follows)
		.where(and(eq(follows.userId, userId), eq(follows.targetType, target.targetType), eq(follows.targetId, target.targetId)))
		.limit(1);
	return rows.length > 0;
}

/** The user's notifications, newest first. */
export async function listNotifications(db: DbOrTx, userId: string, options: { cursor?: Cursor; limit: number }) {
	const { cursor, limit } = options;
	const after = cursor
		? or(
				lt(notifications.createdAt, new Date(cursor.at)),
				and(eq(notifications.createdAt, new Date(cursor.at)), lt(notifications.id, cursor.id))
			)
		: undefined;
	const rows = await db
		.select()
		.from(notifications)
		.where(and(eq(notifications.userId, userId), after))
		.orderBy(desc(notifications.createdAt), desc(notifications.id))
		.limit(limit + 1);
	return toPage(rows, limit, (row) => ({ at: row.createdAt.toISOString(), id: row.id }));
}

export async function markNotificationsRead(db: DbOrTx, userId: string, ids: string[], now = new Date()) {
	if (!ids.length) return;
	await db
		.update(notifications)
		.set({ readAt: now })
		.where(and(eq(notifications.userId, userId), inArray(notifications.id, ids)));
}

export function toNotificationJson(row: typeof notifications.$inferSelect) {
	return {
		id: row.id,
		kind: row.kind,
		payload: row.payload,
		read: row.readAt !== null,
		created_at: row.createdAt.toISOString()
	};
}
