import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { logInInput } from '#lib/features/accounts/api.js';
import { authenticate } from '#lib/features/accounts/server/accounts.js';
import { translate } from '#lib/i18n/index.js';
import { createSession } from '#lib/server/auth/sessions.js';
import { formFailure, readForm } from '#lib/server/http/forms.js';
import { RateLimiter } from '#lib/server/http/rate-limit.js';
import { setSessionCookie } from '#lib/server/hooks/session.js';
import { getRuntime } from '#lib/server/runtime.js';

/**
 * Failed attempts only: 30 per address (a town hall's shared connection must not lock out its
 * staff) and 5 per account per 15 minutes.
 */
const perAddress = new RateLimiter(30, 15 * 60_000);
const perAccount = new RateLimiter(5, 15 * 60_000);

function safeRedirect(target: string | null) {
	return target && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event, logInInput);
		if (!form.ok) return form.failure;
		const { email, password } = form.data;
		const clientAddress = event.getClientAddress();
		const address = perAddress.peek(clientAddress);
		const account = perAccount.peek(email);
		const limited = !address.allowed ? address : !account.allowed ? account : null;
		if (limited) {
			const minutes = Math.ceil(limited.resetSeconds / 60);
			return formFailure(event, 429, translate(event.locals.locale, 'auth.login.rateLimited', { minutes }), {}, { email });
		}
		const { db } = getRuntime().database;
		const result = await authenticate(db, email, password);
		if (!result.ok) {
			if (result.reason === 'invalid') {
				perAccount.hit(email);
				perAddress.hit(clientAddress);
			}
			return formFailure(event, result.reason === 'blocked' ? 403 : 400, `auth.login.${result.reason}`, {}, { email });
		}
		perAccount.reset(email);
		const { token, session } = await createSession(db, result.user.id);
		setSessionCookie(event.cookies, token, session.expiresAt, event.url.protocol === 'https:');
		redirect(303, safeRedirect(event.url.searchParams.get('redirectTo')));
	}
};
