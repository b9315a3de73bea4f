import { describe, expect, it } from 'vitest';
import { en } from '#lib/i18n/en.js';
import { fr } from '#lib/i18n/fr.js';
import { isLocale, isMessageKey, negotiateLocale, translate } from '#lib/i18n/index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
	it('has every French key in English, with a non-empty text', () => {
		const missing = Object.keys(fr).filter((key) => typeof (en as Record<string, string>)[key] !== 'string' || !(en as Record<string, string>)[key].trim());
		expect(missing).toEqual([]);
	});

	it('has no English key that French lacks', () => {
		expect(Object.keys(en).filter((key) => !(key in fr))).toEqual([]);
	});

	it('uses the same placeholders in both languages', () => {
		const mismatched = Object.keys(fr).filter(
			(key) => placeholders(fr[key as keyof typeof fr]).join() !== placeholders(en[key as keyof typeof en]).join()
		);
		expect(mismatched).toEqual([]);
	});
});

describe('translate', () => {
	it('picks the language and fills placeholders', () => {
		expect(translate('fr', 'auth.login.invalid')).toBe('Adresse e-mail ou mot de passe incorrect.');
		expect(translate('en', 'auth.login.invalid')).toBe('Wrong e-mail address or password.');
		expect(translate('fr', 'validation.tooShort', { min: 12 })).toBe('12 caractères au moins.');
		expect(translate('en', 'auth.login.rateLimited', { minutes: 15 })).toBe('Too many login attempts. Try again in 15 minute(s).');
	});

	it('leaves a placeholder it was given no value for', () => {
		expect(translate('en', 'validation.tooShort')).toBe('At least {min} characters.');
	});

	it('recognises message keys and locales', () => {
		expect(isMessageKey('auth.login.invalid')).toBe(true);
		expect(isMessageKey('Adresse e-mail ou mot de passe incorrect.')).toBe(false);
		expect(isMessageKey('toString')).toBe(false);
		expect(isLocale('fr')).toBe(true);
		expect(isLocale('de')).toBe(false);
	});
});

describe('negotiateLocale', () => {
	it.each([
		['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
		['en-GB,en;q=0.9,fr;q=0.8', 'en'],
		['de-DE,de;q=0.9,en;q=0.5', 'en'],
		['de;q=1, fr;q=0.2, en;q=0.1', 'fr'],
		['EN-us', 'en'],
		['fr;q=0, en;q=0.1', 'en']
	])('%s → %s', (header, locale) => {
		expect(negotiateLocale(header)).toBe(locale);
	});

	it('returns nothing when no language is supported or there is no header', () => {
		expect(negotiateLocale('de-DE,es;q=0.5')).toBeUndefined();
		expect(negotiateLocale(null)).toBeUndefined();
		expect(negotiateLocale('')).toBeUndefined();
	});
});
