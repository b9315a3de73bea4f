import type { Locale } from '#lib/i18n/index.js';
import type { Actor } from '#lib/server/auth/policy.js';
import type { SessionUser } from '#lib/server/auth/sessions.js';

declare global {
	namespace App {
		interface Locals {
			locale: Locale;
			/** The signed-in user (session cookie or API token), if any. */
			user: SessionUser | null;
			actor: Actor;
			/** How the user authenticated: a browser session needs CSRF protection, a token does not. */
			authenticatedBy: 'session' | 'token' | 'invalid_token' | null;
			sessionToken: string | null;
		}
		interface Error {
			message: string;
			code?: string;
		}
		interface PageData {
			locale?: string;
		}
	}
}

export {};
