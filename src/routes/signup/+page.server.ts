import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { signUpInput } from '#lib/features/accounts/api.js';
import { signUp } from '#lib/features/accounts/server/accounts.js';
import { createSession } from '#lib/server/auth/sessions.js';
import { formAction, readForm, siteUrl } from '#lib/server/http/forms.js';
import { setSessionCookie } from '#lib/server/hooks/session.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/profile');
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event, signUpInput.omit({ locale: true }));
		if (!form.ok) return form.failure;
		const runtime = getRuntime();
		const { db } = runtime.database;
		const created = await formAction(event, form.data, () =>
			signUp(db, { ...form.data, locale: event.locals.locale }, { siteUrl: siteUrl(event) })
		);
		if (!created.ok) return created.failure;
		runtime.outbox.kick();
		const { token, session } = await createSession(db, created.value.id);
		setSessionCookie(event.cookies, token, session.expiresAt, event.url.protocol === 'https:');
		redirect(303, '/profile?welcome=1');
	}
};
