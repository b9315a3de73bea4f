import { en } from './en.js';
import { fr, type MessageKey } from './fr.js';

export type { MessageKey };
export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'fr';

const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
	return typeof value === 'string' && Object.hasOwn(fr, value);
}

/** Translates a key, filling `{name}` placeholders. Server code and components share it. */
export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
	const template = catalogues[locale][key] ?? fr[key];
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

/** Picks the best supported locale from an Accept-Language header. */
export function negotiateLocale(acceptLanguage: string | null): Locale | undefined {
	if (!acceptLanguage) return undefined;
	const ranked = acceptLanguage
		.split(',')
		.map((part) => {
			const [tag, ...attributes] = part.trim().split(';');
			const quality = attributes.find((a) => a.trim().startsWith('q='));
			return { tag: tag.toLowerCase().split('-')[0], q: quality ? Number(quality.trim().slice(2)) : 1 };
		})
		.filter((entry) => entry.q > 0)
		.sort((a, b) => b.q - a.q);
	return ranked.find((entry) => isLocale(entry.tag))?.tag as Locale | undefined;
}

export function formatDateTime(locale: Locale, date: Date | string, timeZone = 'Europe/Paris'): string {
	return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone
	}).format(new Date(date));
}
