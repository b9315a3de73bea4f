import type { PageServerLoad } from './$types';
import { listMeetings, meetingPath } from '#lib/features/meetings/server/meetings.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { can } from '#lib/server/auth/policy.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

/** A space's meetings, upcoming first; organisers get the "new meeting" link. */
export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { space, resource } = await spaceOr404(db, event.params.slug, event.locals.actor);
		const cursor = event.url.searchParams.get('cursor') ?? undefined;
		const page = await listMeetings(db, { spaceId: space.id }, { cursor, limit: 20 });
		return {
			space: { slug: space.slug, title: space.title },
			canManage: can(event.locals.actor, 'meeting.manage', resource),
			meetings: page.items.map((m) => ({ id: m.id, title: m.title, url: meetingPath(m), status: m.status, mode: m.mode, startsAt: m.startsAt.toISOString(), timezone: m.timezone })),
			nextCursor: page.nextCursor,
			// A private space's feed needs a session, which calendar apps do not have: its members use their personal feed.
			feedUrl: space.visibility === 'public' ? `/api/v1/spaces/${space.slug}/calendar.ics` : null
		};
	});
