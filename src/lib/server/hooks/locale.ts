import type { Handle } from '@sveltejs/kit/hooks';
import { defaultLocale, isLocale, negotiateLocale } from '#lib/i18n/index.js';

export const LOCALE_COOKIE = 'parvis_locale';

/** The user's saved choice, else the language cookie, else the browser's languages, else French. */
export const locale: Handle = async ({ event, resolve }) => {
	const fromUser = event.locals.user?.locale;
	const fromCookie = event.cookies.get(LOCALE_COOKIE);
	event.locals.locale = isLocale(fromUser)
		? fromUser
		: isLocale(fromCookie)
			? fromCookie
			: (negotiateLocale(event.request.headers.get('accept-language')) ?? defaultLocale);
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
	});
};
