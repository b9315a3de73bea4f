import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { setLocale } from '#lib/features/accounts/server/accounts.js';
import { isLocale } from '#lib/i18n/index.js';
import { LOCALE_COOKIE } from '#lib/server/hooks/locale.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The language switch: kept in a cookie, and in the profile of a signed-in user. */
export const POST: RequestHandler = async ({ request, cookies, locals, url }) => {
	const form = await request.formData().catch(() => new FormData());
	const locale = form.get('locale');
	const target = String(form.get('redirectTo') ?? '/');
	if (isLocale(locale)) {
		cookies.set(LOCALE_COOKIE, locale, { path: '/', httpOnly: false, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 365 * 24 * 3600 });
		if (locals.user) await setLocale(getRuntime().database.db, locals.user.id, locale);
	}
	redirect(303, target.startsWith('/') && !target.startsWith('//') ? target : '/');
};
