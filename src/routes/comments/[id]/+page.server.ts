import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { commentEditInput, commentVoteInput } from '#lib/features/comments/api.js';
import { commentUrl, deleteComment, editComment, findComment, voteComment } from '#lib/features/comments/server/comments.js';
import { isUuid } from '#lib/server/api/validation.js';
import { formAction, formFailure, readForm, safeRedirectPath } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

const back = z.object({ redirectTo: z.string().optional() });

/** A comment's permalink: the discussion it belongs to, scrolled to it. */
export const load: PageServerLoad = async ({ params, locals }) => {
	const found = isUuid(params.id) ? await findComment(getRuntime().database.db, locals.actor, params.id) : undefined;
	if (!found) error(404);
	return { url: commentUrl(found.target, found.comment.id), title: found.target.title };
};

function done(event: RequestEvent<{ id: string }>, redirectTo: unknown, target: { url: string }) {
	const path = safeRedirectPath(redirectTo, target.url).split('#')[0];
	redirect(303, `${path}#comment-${event.params.id}`);
}

export const actions: Actions = {
	edit: async (event) => {
		if (!isUuid(event.params.id)) return formFailure(event, 404, 'comments.unknown');
		const form = await readForm(event, commentEditInput.extend(back.shape));
		if (!form.ok) return form.failure;
		const result = await formAction(event, form.data, () => editComment(getRuntime().database.db, event.locals.actor, event.params.id, form.data));
		if (!result.ok) return result.failure;
		done(event, form.data.redirectTo, result.value.target);
	},
	delete: async (event) => {
		if (!isUuid(event.params.id)) return formFailure(event, 404, 'comments.unknown');
		const form = await readForm(event, back);
		if (!form.ok) return form.failure;
		const result = await formAction(event, form.data, () => deleteComment(getRuntime().database.db, event.locals.actor, event.params.id));
		if (!result.ok) return result.failure;
		done(event, form.data.redirectTo, result.value.target);
	},
	vote: async (event) => {
		if (!isUuid(event.params.id)) return formFailure(event, 404, 'comments.unknown');
		const form = await readForm(event, commentVoteInput.extend(back.shape));
		if (!form.ok) return form.failure;
		const result = await formAction(event, form.data, () => voteComment(getRuntime().database.db, event.locals.actor, event.params.id, form.data.value));
		if (!result.ok) return result.failure;
		done(event, form.data.redirectTo, result.value.target);
	}
};
