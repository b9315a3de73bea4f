import { and, asc, eq, exists, gt, ne, or, sql, type SQL } from 'drizzle-orm';
import { loadActor } from '#lib/features/organisations/server/organisations.js';
import { spaceReadableBy } from '#lib/features/spaces/server/spaces.js';
import { generateSecret, hashSecret } from '#lib/server/auth/tokens.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import { calendarFeeds, meetingRegistrations, meetings, organisations, spaces, users } from '#lib/server/db/schema.js';
import type { CalendarEvent } from './ical.js';
import { meetingEvent, type Meeting } from './meetings.js';
import { votesFeedSource } from '#lib/features/votes/server/feed.js';

/** Feeds show what ends after this many days ago (older events drop out of subscriptions). */
const FEED_HISTORY_DAYS = 180;
const FEED_LIMIT = 1000;

/**
 * A feature that adds events to a person's personal feed (vote opening and closing times of the
 * person's spaces, …). Each source returns its own events with stable UIDs; the lead adds one
 * line to `personalFeedSources` per feature.
 */
export interface PersonalFeedSource {
	name: string;
	events(db: DbOrTx, userId: string, options: { origin: string; since: Date }): Promise<CalendarEvent[]>;
}

const since = (now: Date) => new Date(now.getTime() - FEED_HISTORY_DAYS * 86_400_000);

async function feedMeetings(db: DbOrTx, where: SQL | undefined, endingAfter: Date) {
	const rows = await db
		.select({ meeting: meetings, spaceSlug: spaces.slug, organisationSlug: organisations.slug, organisationName: organisations.name })
		.from(meetings)
		.innerJoin(spaces, eq(spaces.id, meetings.spaceId))
		.innerJoin(organisations, eq(organisations.id, meetings.organisationId))
		.where(and(where, gt(meetings.endsAt, endingAfter)))
		.orderBy(asc(meetings.startsAt), asc(meetings.id))
		.limit(FEED_LIMIT);
	return rows.map((row): Meeting => ({ ...row.meeting, spaceSlug: row.spaceSlug, organisationSlug: row.organisationSlug, organisationName: row.organisationName }));
}

/** Public meetings of an organisation (public spaces only). */
export async function organisationFeed(db: DbOrTx, organisationId: string, origin: string, now = new Date()) {
	const rows = await feedMeetings(db, and(eq(meetings.organisationId, organisationId), eq(spaces.visibility, 'public')), since(now));
	return rows.map((m) => meetingEvent(m, origin));
}

/** Meetings of one space (the caller checked the space is readable). */
export async function spaceFeed(db: DbOrTx, spaceId: string, origin: string, now = new Date()) {
	const rows = await feedMeetings(db, eq(meetings.spaceId, spaceId), since(now));
	return rows.map((m) => meetingEvent(m, origin));
}

/**
 * Meetings I registered for, and every meeting of the private spaces I can read (they have no
 * public feed). Read access is checked at each fetch: someone who leaves a private space stops
 * seeing its meetings, even those they had registered for.
 */
const meetingsSource: PersonalFeedSource = {
	name: 'meetings',
	async events(db, userId, { origin, since: from }) {
		const [user] = await db.select({ id: users.id, isPlatformAdmin: users.isPlatformAdmin }).from(users).where(eq(users.id, userId));
		if (!user) return [];
		const actor = await loadActor(db, user);
		const registered = exists(
			db
				.select({ one: sql`1` })
				.from(meetingRegistrations)
				.where(and(eq(meetingRegistrations.meetingId, meetings.id), eq(meetingRegistrations.userId, userId), ne(meetingRegistrations.status, 'cancelled')))
		);
		const rows = await feedMeetings(db, and(spaceReadableBy(actor), or(registered, eq(spaces.visibility, 'private'))), from);
		return rows.map((m) => meetingEvent(m, origin));
	}
};

/** Every contributor to the personal feed; other features add theirs here (one line each). */
export const personalFeedSources: PersonalFeedSource[] = [meetingsSource, votesFeedSource];

export async function personalFeed(db: DbOrTx, userId: string, origin: string, now = new Date(), sources = personalFeedSources) {
	const events: CalendarEvent[] = [];
	for (const source of sources) events.push(...(await source.events(db, userId, { origin, since: since(now) })));
	return events.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/**
 * Creates or replaces the person's feed secret: the previous URL stops working at once.
 * Returns the new secret (shown once; only its hash is stored).
 */
export async function rotateFeedToken(db: DbOrTx, userId: string, now = new Date()) {
	const secret = generateSecret();
	await db
		.insert(calendarFeeds)
		.values({ userId, tokenHash: hashSecret(secret), createdAt: now })
		.onConflictDoUpdate({ target: calendarFeeds.userId, set: { tokenHash: hashSecret(secret), createdAt: now } });
	return secret;
}

export async function revokeFeedToken(db: DbOrTx, userId: string) {
	await db.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId));
}

export async function hasFeedToken(db: DbOrTx, userId: string) {
	const [row] = await db.select({ createdAt: calendarFeeds.createdAt }).from(calendarFeeds).where(eq(calendarFeeds.userId, userId));
	return row?.createdAt ?? null;
}

export async function feedOwner(db: DbOrTx, secret: string) {
	if (!/^[a-z2-7]{20,64}$/.test(secret)) return undefined;
	const [row] = await db.select({ userId: calendarFeeds.userId }).from(calendarFeeds).where(eq(calendarFeeds.tokenHash, hashSecret(secret)));
	return row?.userId;
}

export const personalFeedPath = (secret: string) => `/api/v1/calendar/${secret}.ics`;
