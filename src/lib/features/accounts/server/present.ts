import { organisationsOf } from '#lib/features/organisations/server/organisations.js';
import { platformRoles, type Actor } from '#lib/server/auth/policy.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import type { apiTokens } from '#lib/server/db/schema.js';
import type { User } from './accounts.js';

/** The caller as `GET /api/v1/me` shows it. */
export async function toMeJson(db: DbOrTx, user: User, actor: Actor) {
	return {
		id: user.id,
		email: user.email,
		email_verified: !!user.emailVerifiedAt,
		display_name: user.displayName,
		locale: user.locale,
		roles: platformRoles(actor),
		organisations: (await organisationsOf(db, actor)).map(({ id, slug, name, roles }) => ({ id, slug, name, roles }))
	};
}

export function toApiTokenJson(token: typeof apiTokens.$inferSelect) {
	return {
		id: token.id,
		name: token.name,
		prefix: token.prefix,
		created_at: token.createdAt.toISOString(),
		expires_at: token.expiresAt.toISOString(),
		last_used_at: token.lastUsedAt?.toISOString() ?? null,
		revoked_at: token.revokedAt?.toISOString() ?? null
	};
}
