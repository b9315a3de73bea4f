import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { follow, isFollowing, unfollow } from '#lib/features/notifications/server/notifications.js';
import { proposalListQuery } from '#lib/features/proposals/api.js';
import { presentProposals, spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { categoriesOf, draftsOf, listProposals } from '#lib/features/proposals/server/proposals.js';
import { capabilityRefusal, listPhases } from '#lib/features/spaces/server/spaces.js';
import { localise } from '#lib/server/api/errors.js';
import { validate } from '#lib/server/api/validation.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { can } from '#lib/server/auth/policy.js';
import { formAction, siteUrl } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';
import { chatEnabled } from '#lib/features/chat/server/chat.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { actor, locale } = event.locals;
		const access = await spaceOr404(db, event.params.slug, actor);
		const { space, resource } = access;
		const params = Object.fromEntries(event.url.searchParams);
		if (params.sort === 'random' && !params.seed) {
			const url = new URL(event.url);
			url.searchParams.set('seed', String(Math.floor(Math.random() * 1_000_000)));
			redirect(303, url.pathname + url.search);
		}
		const parsed = validate(proposalListQuery, params, locale);
		const query = parsed.success ? parsed.data : proposalListQuery.parse({});
		const [phases, page, categories, drafts, following] = await Promise.all([
			listPhases(db, space.id),
			listProposals(db, space, query),
			categoriesOf(db, space.organisationId),
			draftsOf(db, space.id, actor.userId),
			isFollowing(db, actor.userId, { targetType: 'space', targetId: space.id })
		]);
		const active = phases.find((phase) => phase.isActive);
		const refusal = capabilityRefusal(active, 'proposals');
		return {
			space: {
				slug: space.slug,
				title: space.title,
				description: space.description,
				kind: space.kind,
				visibility: space.visibility,
				organisationName: space.organisationName,
				organisationSlug: space.organisationSlug,
				rules: space.rules
			},
			phases: phases.map(({ id, title, description, startsAt, endsAt, isActive, capabilities }) => ({ id, title, description, startsAt, endsAt, isActive, capabilities })),
			proposals: await presentProposals(db, access, page.items, actor, siteUrl(event)),
			total: page.total,
			nextCursor: page.nextCursor,
			isFirstPage: !query.cursor,
			query: { q: query.q ?? '', state: query.state ?? '', category: query.category ?? '', has_location: query.has_location ?? '', sort: query.sort, seed: page.seed },
			categories: categories.map(({ id, name, parentId }) => ({ id, name, parentId })),
			drafts,
			following,
			canParticipate: can(actor, 'space.participate', resource),
			canConfigure: can(actor, 'space.configure', resource),
			canMerge: can(actor, 'proposal.merge', resource),
			proposalsRefusal: refusal ? localise(refusal.message, locale, refusal.params) : null,
			chat: chatEnabled() ? { canJoin: can(actor, 'chat.join', resource), signedIn: actor.userId !== null, siteOrigin: new URL(siteUrl(event)).origin } : null
		};
	});

async function setFollowing(event: Parameters<Actions[string]>[0], following: boolean) {
	const { db } = getRuntime().database;
	const done = await formAction(event, {}, async () => {
		const { space, resource } = await spaceOr404(db, event.params.slug!, event.locals.actor);
		assertCan(event.locals.actor, 'space.participate', resource);
		const target = { targetType: 'space', targetId: space.id };
		await (following ? follow(db, event.locals.actor.userId!, target) : unfollow(db, event.locals.actor.userId!, target));
	});
	return done.ok ? { followed: following } : done.failure;
}

export const actions: Actions = {
	follow: (event) => setFollowing(event, true),
	unfollow: (event) => setFollowing(event, false)
};
