import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import type { CalendarEvent } from '#lib/features/meetings/server/ical.js';
import type { PersonalFeedSource } from '#lib/features/meetings/server/feeds.js';
import { translate } from '#lib/i18n/index.js';
import { clubMembers, memberships, organisations, spaceMembers, spaces, votes } from '#lib/server/db/schema.js';
import { designatedRoles } from './ballots.js';
import { votePath } from './votes.js';

const FEED_LIMIT = 500;

/**
 * Opening and closing times of the votes a person takes part in: organisation ballots of the
 * clubs where they speak for a member in good standing, person ballots of the spaces they belong to.
 */
export const votesFeedSource: PersonalFeedSource = {
	name: 'votes',
	async events(db, userId, { origin, since }) {
		const clubs = db
			.select({ id: clubMembers.clubId })
			.from(clubMembers)
			.innerJoin(memberships, eq(memberships.organisationId, clubMembers.memberId))
			.where(and(eq(memberships.userId, userId), inArray(memberships.role, [...designatedRoles]), eq(clubMembers.inGoodStanding, true)));
		const memberOf = db.select({ id: spaceMembers.spaceId }).from(spaceMembers).where(eq(spaceMembers.userId, userId));
		const rows = await db
			.select({ vote: votes, spaceSlug: spaces.slug, timezone: organisations.timezone })
			.from(votes)
			.innerJoin(spaces, eq(spaces.id, votes.spaceId))
			.innerJoin(organisations, eq(organisations.id, spaces.organisationId))
			.where(
				and(
					gt(votes.closesAt, since),
					or(and(eq(votes.ballotScope, 'organisation'), inArray(spaces.organisationId, clubs)), and(eq(votes.ballotScope, 'person'), inArray(spaces.id, memberOf)))
				)
			)
			.orderBy(asc(votes.opensAt), asc(votes.id))
			.limit(FEED_LIMIT);
		return rows.flatMap(({ vote, spaceSlug, timezone }): CalendarEvent[] => {
			// SEQUENCE grows with each edit (seconds since creation), so calendars take a moved closing date.
			const sequence = Math.max(0, Math.floor((vote.updatedAt.getTime() - vote.createdAt.getTime()) / 1000));
			const common = { timezone, stamp: vote.updatedAt, sequence, cancelled: false, url: `${origin}${votePath({ id: vote.id, spaceSlug })}` };
			const closes = vote.closedAt ?? vote.closesAt;
			return [
				{ ...common, uid: `vote-${vote.id}-opens@parvis`, start: vote.opensAt, end: vote.opensAt, summary: translate('fr', 'votes.calendarOpens', { title: vote.title }) },
				{ ...common, uid: `vote-${vote.id}-closes@parvis`, start: closes, end: closes, summary: translate('fr', 'votes.calendarCloses', { title: vote.title }) }
			];
		});
	}
};
