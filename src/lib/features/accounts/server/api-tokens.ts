import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { generateSecret, hashSecret } from '#lib/server/auth/tokens.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import { apiTokens, users } from '#lib/server/db/schema.js';

const DAY = 24 * 60 * 60 * 1000;
/** Tokens carry a recognisable prefix so secret scanners and people can spot a leaked one. */
export const API_TOKEN_PREFIX = 'pvs_';

export async function createApiToken(db: DbOrTx, userId: string, input: { name: string; days: number }, now = new Date()) {
	const token = API_TOKEN_PREFIX + generateSecret(24);
	const [row] = await db
		.insert(apiTokens)
		.values({
			userId,
			name: input.name,
			tokenHash: hashSecret(token),
			prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
			expiresAt: new Date(now.getTime() + input.days * DAY)
		})
		.returning();
	return { token, record: row };
}

export function listApiTokens(db: DbOrTx, userId: string) {
	return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(db: DbOrTx, userId: string, tokenId: string, now = new Date()) {
	const rows = await db
		.update(apiTokens)
		.set({ revokedAt: now })
		.where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
		.returning({ id: apiTokens.id });
	return rows.length > 0;
}

/** The user behind a bearer token, if the token is live; records when it was last used. */
export async function authenticateApiToken(db: DbOrTx, token: string, now = new Date()) {
	if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
	const [row] = await db
		.select({ tokenId: apiTokens.id, user: users })
		.from(apiTokens)
		.innerJoin(users, eq(users.id, apiTokens.userId))
		.where(and(eq(apiTokens.tokenHash, hashSecret(token)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)));
	if (!row) return undefined;
	await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
	return row.user;
}
