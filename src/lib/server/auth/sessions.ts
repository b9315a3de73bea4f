import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { sessions, users } from '../db/schema.js';
import { generateSecret, hashSecret } from './tokens.js';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
/** A session used in its second half gets a fresh 30 days (sliding expiry). */
const RENEW_BEFORE_MS = 15 * DAY;
export const SESSION_COOKIE = 'parvis_session';

export async function createSession(db: DbOrTx, userId: string, now = new Date()) {
	const token = generateSecret();
	const session = { id: hashSecret(token), userId, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) };
	await db.insert(sessions).values(session);
	return { token, session };
}

export type SessionUser = typeof users.$inferSelect;

/** Returns the session and its user for a cookie token, renewing or dropping it as needed. */
export async function validateSessionToken(db: DbOrTx, token: string, now = new Date()) {
	const id = hashSecret(token);
	const [row] = await db
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, id));
	if (!row) return null;
	const { session, user } = row;
	if (session.expiresAt.getTime() <= now.getTime()) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	if (session.expiresAt.getTime() - now.getTime() < RENEW_BEFORE_MS) {
		session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
		await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id));
	}
	return { session, user };
}

export async function invalidateSession(db: DbOrTx, token: string) {
	const sessionId = hashSecret(token);
	await db.delete(sessions).where(eq(sessions.id, sessionId));
	sessionsEnded({ sessionId });
}

/** "Log out everywhere", and what a password reset or a block does. */
export async function invalidateUserSessions(db: DbOrTx, userId: string) {
	await db.delete(sessions).where(eq(sessions.userId, userId));
	sessionsEnded({ userId });
}

export type EndedSessions = { sessionId: string } | { userId: string };
const endedListeners = new Set<(ended: EndedSessions) => void>();
/** The realtime server closes the sockets that outlive their session (they authenticated once, at the upgrade). */
export function onSessionsEnded(listener: (ended: EndedSessions) => void) {
	endedListeners.add(listener);
	return () => endedListeners.delete(listener);
}
function sessionsEnded(ended: EndedSessions) {
	for (const listener of endedListeners) listener(ended);
}
