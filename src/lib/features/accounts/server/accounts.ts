import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { translate, type Locale } from '#lib/i18n/index.js';
import { ApiError } from '#lib/server/api/errors.js';
import { decoyPasswordHash, hashPassword, isCommonPassword, verifyPassword } from '#lib/server/auth/password.js';
import { invalidateUserSessions } from '#lib/server/auth/sessions.js';
import { generateSecret, hashSecret } from '#lib/server/auth/tokens.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { emailTokens, users } from '#lib/server/db/schema.js';
import { queueMail } from '#lib/server/mail/mail.js';
import type { profileInput, signUpInput } from '../api.js';

const HOUR = 60 * 60 * 1000;
const TOKEN_LIFETIME = { verify_email: 48 * HOUR, reset_password: 1 * HOUR } as const;
type EmailTokenPurpose = keyof typeof TOKEN_LIFETIME;

export type User = typeof users.$inferSelect;

/** Where links in e-mails point: the configured site address or the request's origin. */
export interface LinkContext {
	siteUrl: string;
}

export function findUserByEmail(db: DbOrTx, email: string) {
	return db
		.select()
		.from(users)
		.where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
		.then((rows) => rows[0]);
}

export function findUserById(db: DbOrTx, id: string) {
	return db.select().from(users).where(eq(users.id, id)).then((rows) => rows[0]);
}

async function issueEmailToken(tx: DbOrTx, userId: string, purpose: EmailTokenPurpose, now: Date) {
	const token = generateSecret();
	await tx.insert(emailTokens).values({
		id: hashSecret(token),
		userId,
		purpose,
		expiresAt: new Date(now.getTime() + TOKEN_LIFETIME[purpose])
	});
	return token;
}

function verificationMail(user: Pick<User, 'email' | 'displayName' | 'locale'>, token: string, links: LinkContext) {
	const locale = user.locale as Locale;
	return {
		to: user.email,
		subject: translate(locale, 'mail.verify.subject'),
		text: translate(locale, 'mail.verify.body', {
			name: user.displayName,
			link: `${links.siteUrl}/verify-email?token=${token}`
		})
	};
}

/**
 * Creates an account and queues its verification e-mail in one transaction: either both exist
 * or neither does. A second sign-up with the same address is refused by the unique index.
 */
export async function signUp(
	db: Db,
	input: z.output<typeof signUpInput>,
	links: LinkContext,
	options: { now?: Date; verified?: boolean; isPlatformAdmin?: boolean } = {}
) {
	const now = options.now ?? new Date();
	if (isCommonPassword(input.password))
		throw new ApiError('validation_failed', 'validation.passwordWeak', { password: 'validation.passwordWeak' });
	const passwordHash = await hashPassword(input.password);
	try {
		return await db.transaction(async (tx) => {
			const [user] = await tx
				.insert(users)
				.values({
					email: input.email,
					passwordHash,
					displayName: input.displayName,
					locale: input.locale,
					isPlatformAdmin: options.isPlatformAdmin ?? false,
					emailVerifiedAt: options.verified ? now : null
				})
				.returning();
			if (!options.verified) {
				const token = await issueEmailToken(tx, user.id, 'verify_email', now);
				await queueMail(tx, verificationMail(user, token, links));
			}
			return user;
		});
	} catch (error) {
		if (isUniqueViolation(error))
			throw new ApiError('conflict', 'auth.signup.emailTaken', { email: 'auth.signup.emailTaken' });
		throw error;
	}
}

export function isUniqueViolation(error: unknown): boolean {
	for (let e: any = error; e; e = e.cause) if (e.code === '23505') return true;
	return false;
}

export async function resendVerification(db: Db, userId: string, links: LinkContext, now = new Date()) {
	await db.transaction(async (tx) => {
		const user = await findUserById(tx, userId);
		if (!user || user.emailVerifiedAt) return;
		const token = await issueEmailToken(tx, user.id, 'verify_email', now);
		await queueMail(tx, verificationMail(user, token, links));
	});
}

/** Consumes a one-time e-mail token; returns its user id, or undefined if invalid, used or expired. */
async function consumeEmailToken(tx: DbOrTx, token: string, purpose: EmailTokenPurpose, now: Date) {
	const [row] = await tx
		.update(emailTokens)
		.set({ usedAt: now })
		.where(
			and(
				eq(emailTokens.id, hashSecret(token)),
				eq(emailTokens.purpose, purpose),
				isNull(emailTokens.usedAt),
				gt(emailTokens.expiresAt, now)
			)
		)
		.returning({ userId: emailTokens.userId });
	return row?.userId;
}

export async function verifyEmail(db: Db, token: string, now = new Date()) {
	return db.transaction(async (tx) => {
		const userId = await consumeEmailToken(tx, token, 'verify_email', now);
		if (!userId) return false;
		await tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, userId));
		return true;
	});
}

/** Always behaves the same whether or not the address has an account (no account enumeration). */
export async function requestPasswordReset(db: Db, email: string, links: LinkContext, now = new Date()) {
	await db.transaction(async (tx) => {
		const user = await findUserByEmail(tx, email);
		if (!user || user.blockedAt) return;
		const token = await issueEmailToken(tx, user.id, 'reset_password', now);
		const locale = user.locale as Locale;
		await queueMail(tx, {
			to: user.email,
			subject: translate(locale, 'mail.reset.subject'),
			text: translate(locale, 'mail.reset.body', {
				name: user.displayName,
				link: `${links.siteUrl}/reset-password?token=${token}`
			})
		});
	});
}

/** Sets a new password and closes every session: whoever knew the old one is logged out. */
export async function resetPassword(db: Db, token: string, password: string, now = new Date()) {
	if (isCommonPassword(password))
		throw new ApiError('validation_failed', 'validation.passwordWeak', { password: 'validation.passwordWeak' });
	const passwordHash = await hashPassword(password);
	return db.transaction(async (tx) => {
		const userId = await consumeEmailToken(tx, token, 'reset_password', now);
		if (!userId) return false;
		// Following the link proves the address too.
		await tx
			.update(users)
			.set({ passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)` })
			.where(eq(users.id, userId));
		await invalidateUserSessions(tx, userId);
		return true;
	});
}

export type Authentication = { ok: true; user: User } | { ok: false; reason: 'invalid' | 'blocked' };

/** Checks a password, spending the same time whether or not the account exists. */
export async function authenticate(db: DbOrTx, email: string, password: string): Promise<Authentication> {
	const user = await findUserByEmail(db, email);
	const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
	if (!user || !valid) return { ok: false, reason: 'invalid' };
	if (user.blockedAt) return { ok: false, reason: 'blocked' };
	return { ok: true, user };
}

export async function updateProfile(db: DbOrTx, userId: string, input: z.output<typeof profileInput>) {
	const [user] = await db
		.update(users)
		.set({
			displayName: input.displayName,
			locale: input.locale,
			notificationPreferences: { email: input.emailNotifications }
		})
		.where(eq(users.id, userId))
		.returning();
	return user;
}

export async function setLocale(db: DbOrTx, userId: string, locale: Locale) {
	await db.update(users).set({ locale }).where(eq(users.id, userId));
}
