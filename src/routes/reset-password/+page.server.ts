import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { resetPasswordInput } from '#lib/features/accounts/api.js';
import { resetPassword } from '#lib/features/accounts/server/accounts.js';
import { formAction, formFailure, readForm } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event, resetPasswordInput);
		if (!form.ok) return form.failure;
		const done = await formAction(event, {}, () => resetPassword(getRuntime().database.db, form.data.token, form.data.password));
		if (!done.ok) return done.failure;
		if (!done.value) return formFailure(event, 400, 'auth.reset.invalid');
		redirect(303, '/login?reset=1');
	}
};
