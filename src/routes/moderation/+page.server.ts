import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { decisionInput, queueQuery } from '#lib/features/moderation/api.js';
import { blockUser, listBlockedUsers, unblockUser } from '#lib/features/moderation/server/blocking.js';
import { decide, listQueue, moderatesAnything } from '#lib/features/moderation/server/moderation.js';
import { decodeCursor } from '#lib/server/api/pagination.js';
import { isUuid, validate } from '#lib/server/api/validation.js';
import { can } from '#lib/server/auth/policy.js';
import { formAction, formFailure, readForm, siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The moderators' queue: all the spaces the person moderates, or one (`?space=slug`). */
export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	const { db } = getRuntime().database;
	if (!(await moderatesAnything(db, locals.actor))) error(403, 'error.forbidden');
	const query = validate(queueQuery, Object.fromEntries(url.searchParams), locals.locale);
	if (!query.success) error(400, 'error.badRequest');
	const page = await listQueue(db, locals.actor, {
		state: query.data.state,
		spaceSlug: query.data.space,
		cursor: decodeCursor(query.data.cursor),
		limit: query.data.limit,
		locale: locals.locale
	});
	const canBlock = can(locals.actor, 'user.list');
	return {
		items: page.items,
		nextCursor: page.nextCursor,
		isFirstPage: !query.data.cursor,
		state: query.data.state,
		space: query.data.space ?? null,
		canBlock,
		blocked: canBlock ? (await listBlockedUsers(db)).map((u) => ({ ...u, blockedAt: u.blockedAt!.toISOString() })) : []
	};
};

async function userIdOf(request: Request) {
	const value = String((await request.formData()).get('userId') ?? '');
	return isUuid(value) ? value : null;
}

export const actions: Actions = {
	decide: async (event) => {
		const form = await readForm(event, decisionInput);
		if (!form.ok) return form.failure;
		const done = await formAction(event, form.data, () =>
			decide(getRuntime().database.db, event.locals.actor, form.data, { siteUrl: siteUrl(event) })
		);
		if (!done.ok) return done.failure;
		return { decided: form.data.decision };
	},
	block: async (event) => {
		const userId = await userIdOf(event.request);
		if (!userId) return formFailure(event, 400, 'error.badRequest');
		const done = await formAction(event, {}, () => blockUser(getRuntime().database.db, event.locals.actor, userId));
		if (!done.ok) return done.failure;
		return { blocked: true };
	},
	unblock: async (event) => {
		const userId = await userIdOf(event.request);
		if (!userId) return formFailure(event, 400, 'error.badRequest');
		const done = await formAction(event, {}, () => unblockUser(getRuntime().database.db, event.locals.actor, userId));
		if (!done.ok) return done.failure;
		return { unblocked: true };
	}
};
