import type { Locale } from '#lib/i18n/index.js';

/** Whole euros in the reader's language: « 12 500 € », “€12,500”. */
export function formatEuros(locale: Locale, amount: number): string {
	return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(amount);
}
