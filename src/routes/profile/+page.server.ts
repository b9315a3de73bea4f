import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiTokenInput, profileInput } from '#lib/features/accounts/api.js';
import { updateProfile } from '#lib/features/accounts/server/accounts.js';
import { createApiToken, listApiTokens, revokeApiToken } from '#lib/features/accounts/server/api-tokens.js';
import { organisationsOf } from '#lib/features/organisations/server/organisations.js';
import { can, platformRoles } from '#lib/server/auth/policy.js';
import { invalidateUserSessions } from '#lib/server/auth/sessions.js';
import { formFailure, readForm } from '#lib/server/http/forms.js';
import { clearSessionCookie } from '#lib/server/hooks/session.js';
import { LOCALE_COOKIE } from '#lib/server/hooks/locale.js';
import { getRuntime } from '#lib/server/runtime.js';
import type { RequestEvent } from '@sveltejs/kit';
import { isUuid } from '#lib/server/api/validation.js';

function signedInUser(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const user = event.locals.user;
	if (!user || !can(event.locals.actor, 'profile.update', { userId: user.id }))
		redirect(303, `/login?redirectTo=${encodeURIComponent(event.url.pathname)}`);
	return user;
}

export const load: PageServerLoad = async (event) => {
	const user = signedInUser(event);
	const { db } = getRuntime().database;
	const [tokens, organisations] = await Promise.all([listApiTokens(db, user.id), organisationsOf(db, event.locals.actor)]);
	return {
		profile: {
			email: user.email,
			displayName: user.displayName,
			locale: user.locale,
			emailNotifications: user.notificationPreferences.email,
			emailVerified: !!user.emailVerifiedAt
		},
		roles: platformRoles(event.locals.actor),
		organisations,
		tokens: tokens.map((token) => ({
			id: token.id,
			name: token.name,
			prefix: token.prefix,
			expiresAt: token.expiresAt.toISOString(),
			lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
			revoked: !!token.revokedAt
		}))
	};
};

export const actions: Actions = {
	profile: async (event) => {
		const user = signedInUser(event);
		const form = await readForm(event, profileInput);
		if (!form.ok) return form.failure;
		await updateProfile(getRuntime().database.db, user.id, form.data);
		event.cookies.set(LOCALE_COOKIE, form.data.locale, { path: '/', httpOnly: false, sameSite: 'lax', secure: event.url.protocol === 'https:', maxAge: 365 * 24 * 3600 });
		return { saved: true };
	},
	createToken: async (event) => {
		const user = signedInUser(event);
		const form = await readForm(event, apiTokenInput);
		if (!form.ok) return form.failure;
		const { token } = await createApiToken(getRuntime().database.db, user.id, form.data);
		return { createdToken: token };
	},
	revokeToken: async (event) => {
		const user = signedInUser(event);
		const id = String((await event.request.formData()).get('id') ?? '');
		if (!isUuid(id) || !(await revokeApiToken(getRuntime().database.db, user.id, id)))
			return formFailure(event, 404, 'error.notFound');
		return { revoked: true };
	},
	logoutEverywhere: async (event) => {
		const user = signedInUser(event);
		await invalidateUserSessions(getRuntime().database.db, user.id);
		clearSessionCookie(event.cookies, event.url.protocol === 'https:');
		redirect(303, '/login?loggedOut=1');
	}
};
