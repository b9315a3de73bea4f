import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { commentCreateInput, commentTargetInput } from '#lib/features/comments/api.js';
import { commentTargetOr404, createComment, loadCommentsSection } from '#lib/features/comments/server/comments.js';
import { decodeCursor } from '#lib/server/api/pagination.js';
import { validate } from '#lib/server/api/validation.js';
import { formAction, readForm, safeRedirectPath } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

/**
 * The discussion of any commentable thing (`?targetType=proposal&targetId=…`), for targets
 * without a page of their own yet; and the shared endpoint of the new-comment and reply forms.
 */
export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const query = validate(commentTargetInput, Object.fromEntries(event.url.searchParams), event.locals.locale);
		if (!query.success) return { discussion: null };
		const { db } = getRuntime().database;
		const { actor, locale } = event.locals;
		const target = await commentTargetOr404(db, actor, query.data.targetType, query.data.targetId);
		const comments = await loadCommentsSection(db, actor, target.type, target.id, { locale, cursor: decodeCursor(event.url.searchParams.get('comments')) });
		return { discussion: { title: target.title, url: target.url, comments } };
	});

export const actions: Actions = {
	create: async (event) => {
		const form = await readForm(event, commentCreateInput.extend({ redirectTo: z.string().optional() }));
		if (!form.ok) return form.failure;
		const done = await formAction(event, form.data, () => createComment(getRuntime().database.db, event.locals.actor, form.data));
		if (!done.ok) return done.failure;
		const back = safeRedirectPath(form.data.redirectTo, done.value.target.url).split('#')[0];
		redirect(303, `${back}#comment-${done.value.comment.id}`);
	}
};
