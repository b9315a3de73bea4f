import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { requestFullChatSync } from '#lib/features/chat/server/chat.js';
import { translate, type Locale } from '#lib/i18n/index.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import { recordAdminAction } from '#lib/server/audit/audit.js';
import type { Actor } from '#lib/server/auth/policy.js';
import { invalidateUserSessions } from '#lib/server/auth/sessions.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { users } from '#lib/server/db/schema.js';

/** The name shown next to someone's content: « Participant bloqué » once they are blocked. */
export function publicName(user: { displayName: string; blockedAt: Date | null }, locale: Locale): string {
	return user.blockedAt ? translate(locale, 'moderation.blockedParticipant') : user.displayName;
}

async function change(db: Db, actor: Actor, userId: string, blocked: boolean, now: Date) {
	assertCan(actor, 'user.block', { userId });
	return db.transaction(async (tx) => {
		const [user] = await tx.select({ id: users.id, email: users.email, blockedAt: users.blockedAt }).from(users).where(eq(users.id, userId)).for('update');
		if (!user) throw new ApiError('not_found', 'moderation.userUnknown');
		if ((user.blockedAt !== null) === blocked) return user;
		const [updated] = await tx
			.update(users)
			.set({ blockedAt: blocked ? now : null })
			.where(eq(users.id, userId))
			.returning({ id: users.id, email: users.email, blockedAt: users.blockedAt });
		// Blocking closes every session at once; API tokens are refused while the block lasts.
		if (blocked) await invalidateUserSessions(tx, userId);
		await requestFullChatSync(tx);
		await recordAdminAction(tx, {
			actorId: actor.userId,
			action: blocked ? 'user.block' : 'user.unblock',
			targetType: 'user',
			targetId: userId,
			details: { email: user.email }
		});
		return updated;
	});
}

/** Platform administrators block a person: sign-in refused, sessions closed, name hidden. */
export function blockUser(db: Db, actor: Actor, userId: string, now = new Date()) {
	return change(db, actor, userId, true, now);
}

export function unblockUser(db: Db, actor: Actor, userId: string, now = new Date()) {
	return change(db, actor, userId, false, now);
}

export function listBlockedUsers(db: DbOrTx, limit = 100) {
	return db
		.select({ id: users.id, displayName: users.displayName, email: users.email, blockedAt: users.blockedAt })
		.from(users)
		.where(and(isNotNull(users.blockedAt)))
		.orderBy(desc(users.blockedAt))
		.limit(limit);
}
