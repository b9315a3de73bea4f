import { describe, expect, it } from 'vitest';
import { signUpInput } from '#lib/features/accounts/api.js';
import { formToObject, validate } from '#lib/server/api/validation.js';

describe('validate', () => {
	it('explains every invalid field in French', () => {
		const result = validate(signUpInput, { email: 'pas-une-adresse', password: 'court', displayName: '  ' }, 'fr');
		expect(result).toEqual({
			success: false,
			fields: {
				email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
				password: '12 caractères au moins.',
				displayName: 'Ce champ est obligatoire.'
			}
		});
	});

	it('explains the same problems in English', () => {
		const result = validate(signUpInput, { email: 'not-an-address', password: 'short', displayName: '' }, 'en');
		expect(result).toEqual({
			success: false,
			fields: {
				email: 'Enter a valid e-mail address, such as name@example.org.',
				password: 'At least 12 characters.',
				displayName: 'This field is required.'
			}
		});
	});

	it('says a missing field is required, a too long one too long, and a bad choice a bad choice', () => {
		const result = validate(signUpInput, { password: 'x'.repeat(300), displayName: 'Ana', locale: 'de' }, 'fr');
		expect(result.success).toBe(false);
		if (result.success) return;
		expect(result.fields).toEqual({
			email: 'Ce champ est obligatoire.',
			password: '256 caractères au plus.',
			locale: 'Choisissez une des valeurs proposées.'
		});
	});

	it('returns the parsed data: trimmed, lower-cased e-mail, defaults filled', () => {
		const result = validate(signUpInput, { email: '  Ana@Example.FR ', password: 'un mot de passe long', displayName: ' Ana ' }, 'fr');
		expect(result).toEqual({
			success: true,
			data: { email: 'ana@example.fr', password: 'un mot de passe long', displayName: 'Ana', locale: 'fr' }
		});
	});

	it('refuses NUL characters (which PostgreSQL text cannot hold) field by field, however deep', () => {
		const result = validate(signUpInput, { email: 'nom@exemple.fr', password: 'un mot de passe\u0000long', displayName: 'Ana', extra: [{ note: '\u0000' }] }, 'fr');
		expect(result).toEqual({
			success: false,
			fields: { password: 'Ce texte contient un caractère nul (U+0000), refusé.', 'extra.0.note': 'Ce texte contient un caractère nul (U+0000), refusé.' }
		});
		let deep: unknown = 'fin';
		for (let level = 0; level < 100_000; level++) deep = [deep];
		expect(validate(signUpInput, { email: 'nom@exemple.fr', password: 'p', displayName: deep }, 'en').success).toBe(false);
	});
});

describe('formToObject', () => {
	it('keeps strings, turns repeated names into arrays and drops files', () => {
		const form = new FormData();
		form.append('name', 'Ana');
		form.append('tag', 'a');
		form.append('tag', 'b');
		form.append('empty', '');
		form.append('file', new Blob(['x']), 'x.txt');
		expect(formToObject(form)).toEqual({ name: 'Ana', tag: ['a', 'b'], empty: '' });
	});
});
