import type { Actions, PageServerLoad } from './$types';
import { hasFeedToken, personalFeedPath, revokeFeedToken, rotateFeedToken } from '#lib/features/meetings/server/feeds.js';
import { listMeetings, meetingPath } from '#lib/features/meetings/server/meetings.js';
import { formFailure, siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Upcoming meetings of every public space, and the signed-in person's personal calendar feed. */
export const load: PageServerLoad = async (event) => {
	const { db } = getRuntime().database;
	const cursor = event.url.searchParams.get('cursor') ?? undefined;
	const page = await listMeetings(db, { allPublic: true }, { from: new Date(), cursor, limit: 20 });
	const userId = event.locals.actor.userId;
	return {
		meetings: page.items.map((m) => ({
			id: m.id,
			title: m.title,
			url: meetingPath(m),
			organisationName: m.organisationName,
			mode: m.mode,
			status: m.status,
			startsAt: m.startsAt.toISOString(),
			timezone: m.timezone,
			address: m.address
		})),
		nextCursor: page.nextCursor,
		feedSince: userId ? ((await hasFeedToken(db, userId))?.toISOString() ?? null) : null,
		signedIn: userId !== null
	};
};

export const actions: Actions = {
	feed: async (event) => {
		const userId = event.locals.actor.userId;
		if (!userId) return formFailure(event, 401, 'error.unauthenticated');
		const secret = await rotateFeedToken(getRuntime().database.db, userId);
		return { feedUrl: `${siteUrl(event)}${personalFeedPath(secret)}` };
	},
	revokeFeed: async (event) => {
		const userId = event.locals.actor.userId;
		if (!userId) return formFailure(event, 401, 'error.unauthenticated');
		await revokeFeedToken(getRuntime().database.db, userId);
		return { revoked: true };
	}
};
