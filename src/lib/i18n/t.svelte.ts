import { page } from '$app/state';
import { defaultLocale, isLocale, translate, type Locale, type MessageKey } from './index.js';

/** The locale of the page being shown (set by the root layout from the server's choice). */
export function currentLocale(): Locale {
	const locale = page.data?.locale;
	return isLocale(locale) ? locale : defaultLocale;
}

/** Translation for components: reactive, because it reads `page`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
	return translate(currentLocale(), key, params);
}
