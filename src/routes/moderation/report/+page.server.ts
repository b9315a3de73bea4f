import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { reportInput } from '#lib/features/moderation/api.js';
import { reportContent } from '#lib/features/moderation/server/moderation.js';
import { formAction, readForm, safeRedirectPath, siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The shared endpoint of every "Signaler" form (comments, proposals…). */
export const load: PageServerLoad = () => ({});

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event, reportInput.extend({ redirectTo: z.string().optional() }));
		if (!form.ok) return form.failure;
		const done = await formAction(event, form.data, () =>
			reportContent(getRuntime().database.db, event.locals.actor, form.data, { siteUrl: siteUrl(event) })
		);
		if (!done.ok) return done.failure;
		return { reported: true, back: safeRedirectPath(form.data.redirectTo, '/') };
	}
};
