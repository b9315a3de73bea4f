import type { PageServerLoad } from './$types';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { listVotes, votePath, voteStatus } from '#lib/features/votes/server/votes.js';
import { can } from '#lib/server/auth/policy.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

/** A space's point votes, latest first; organisers get the "new vote" link. */
export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { space, resource } = await spaceOr404(db, event.params.slug, event.locals.actor);
		return {
			space: { slug: space.slug, title: space.title },
			canManage: can(event.locals.actor, 'vote.manage', resource),
			votes: (await listVotes(db, space.id)).map((v) => ({ id: v.id, title: v.title, url: votePath(v), status: voteStatus(v), closesAt: (v.closedAt ?? v.closesAt).toISOString() }))
		};
	});
