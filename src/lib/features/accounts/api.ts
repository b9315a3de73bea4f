import { z } from 'zod';
import { locales } from '#lib/i18n/index.js';

/** One schema per input: the forms, the API and the OpenAPI document all use these. */
export const emailField = z.string().trim().toLowerCase().max(254).pipe(z.email({ error: 'validation.email' }));
export const passwordField = z.string().min(12).max(256);

export const signUpInput = z.object({
	email: emailField.describe('E-mail address; a verification link is sent to it.'),
	password: passwordField.describe('At least 12 characters.'),
	displayName: z.string().trim().min(1).max(80).describe('Name shown next to contributions.'),
	locale: z.enum(locales).default('fr').describe('Interface and e-mail language.')
});

export const logInInput = z.object({
	email: emailField,
	password: z.string().min(1).max(256)
});

export const forgotPasswordInput = z.object({ email: emailField });

export const resetPasswordInput = z.object({
	token: z.string().min(1).max(100),
	password: passwordField
});

export const profileInput = z.object({
	displayName: z.string().trim().min(1).max(80),
	locale: z.enum(locales),
	emailNotifications: z.enum(['immediate', 'daily', 'never'])
});

export const apiTokenInput = z.object({
	name: z.string().trim().min(1).max(80).describe('What the token is for, e.g. "Tableau de bord open data".'),
	days: z.coerce.number().int().min(1).max(365).default(90).describe('Validity in days (1–365, default 90).')
});

export const userOutput = z.object({
	id: z.uuid(),
	email: z.string(),
	email_verified: z.boolean(),
	display_name: z.string(),
	locale: z.enum(locales),
	roles: z.array(z.string()).describe('citizen, elected_official, organisation_agent, organisation_admin, platform_admin'),
	organisations: z.array(
		z.object({ id: z.uuid(), slug: z.string(), name: z.string(), roles: z.array(z.string()) })
	)
});

export const apiTokenOutput = z.object({
	id: z.uuid(),
	name: z.string(),
	prefix: z.string(),
	created_at: z.iso.datetime(),
	expires_at: z.iso.datetime(),
	last_used_at: z.iso.datetime().nullable(),
	revoked_at: z.iso.datetime().nullable()
});
