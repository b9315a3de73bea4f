import { and, asc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { translate, type Locale } from '#lib/i18n/index.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import { toPage, type Cursor } from '#lib/server/api/pagination.js';
import { recordAdminAction } from '#lib/server/audit/audit.js';
import type { Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { contentReports, moderations, spaceMembers, spaces, users } from '#lib/server/db/schema.js';
import { queueMail } from '#lib/server/mail/mail.js';
import { notifyUsers } from '#lib/features/notifications/server/notifications.js';
import type { decisionInput, ModerationDecision, reportInput } from '../api.js';
import type { moderationStates } from '../schema.js';
import { publicName } from './blocking.js';
import { reportable, type ReportableContent } from './content.js';

export interface LinkContext {
	siteUrl: string;
}

async function contentOr404(db: DbOrTx, actor: Actor, type: string, id: string) {
	const content = await reportable(type)?.resolve(db, id, actor);
	if (!content) throw new ApiError('not_found', 'moderation.contentUnknown');
	return content;
}

/** Tells the authors, in their language, that their content is hidden pending review. */
async function tellAuthorsHidden(tx: DbOrTx, content: ReportableContent, links: LinkContext) {
	if (!content.authorIds.length) return;
	const authors = await tx.select({ id: users.id, email: users.email, name: users.displayName, locale: users.locale }).from(users).where(inArray(users.id, content.authorIds));
	const kind = content.type === 'comment' ? 'comment' : 'proposal';
	for (const author of authors) {
		const locale = author.locale as Locale;
		const what = translate(locale, `moderation.kind.${kind}`);
		const title = translate(locale, 'moderation.hiddenNotification', { what, title: content.title });
		// The author gets the dedicated e-mail below, not a generic copy.
		await notifyUsers(tx, [author.id], 'moderation.hidden', { title, url: content.url, targetType: content.type, targetId: content.id }, { email: false });
		await queueMail(tx, {
			to: author.email,
			subject: translate(locale, 'moderation.hiddenMail.subject'),
			text: translate(locale, 'moderation.hiddenMail.body', { name: author.name, what, title: content.title, excerpt: content.excerpt, link: `${links.siteUrl}${content.url}` })
		});
	}
}

/**
 * A signed-in person reports content, once. The moderation row's report count goes up under its
 * row lock, so parallel reports are counted exactly; when the reports since the last decision
 * reach the space's threshold, the content is hidden pending review and its authors are told.
 */
export async function reportContent(db: Db, actor: Actor, input: z.output<typeof reportInput>, links: LinkContext, now = new Date()) {
	return db.transaction(async (tx) => {
		const content = await contentOr404(tx, actor, input.targetType, input.targetId);
		assertCan(actor, 'space.participate', content.space);
		if (content.hidden) throw new ApiError('conflict', 'moderation.alreadyHidden');
		if (content.authorIds.includes(actor.userId!)) throw new ApiError('forbidden', 'moderation.ownContent');
		const inserted = await tx
			.insert(contentReports)
			.values({ targetType: content.type, targetId: content.id, reporterId: actor.userId!, reason: input.reason, details: input.details, createdAt: now })
			.onConflictDoNothing()
			.returning({ id: contentReports.id });
		if (!inserted.length) throw new ApiError('conflict', 'moderation.alreadyReported');
		const [row] = await tx
			.insert(moderations)
			.values({ targetType: content.type, targetId: content.id, spaceId: content.spaceId, reportCount: 1, createdAt: now })
			.onConflictDoUpdate({
				target: [moderations.targetType, moderations.targetId],
				set: {
					reportCount: sql`${moderations.reportCount} + 1`,
					state: sql`case when ${moderations.state} = 'dismissed' then 'pending' else ${moderations.state} end`
				}
			})
			.returning();
		let hidden = row.hiddenAt !== null;
		if (row.state === 'pending' && !hidden) {
			const since = row.decidedAt ? gt(contentReports.createdAt, row.decidedAt) : undefined;
			const [{ count }] = await tx
				.select({ count: sql<number>`count(*)::int` })
				.from(contentReports)
				.where(and(eq(contentReports.targetType, content.type), eq(contentReports.targetId, content.id), since));
			if (count >= content.rules.reportThreshold) {
				await reportable(content.type)!.setHidden(tx, content.id, now);
				await tx.update(moderations).set({ hiddenAt: now }).where(eq(moderations.id, row.id));
				await recordAdminAction(tx, {
					actorId: null,
					actorLabel: 'system',
					action: 'moderation.autoHide',
					targetType: content.type,
					targetId: content.id,
					details: { reports: count, threshold: content.rules.reportThreshold, spaceId: content.spaceId }
				});
				await tellAuthorsHidden(tx, content, links);
				hidden = true;
			}
		}
		return { content, reportCount: row.reportCount, hidden };
	});
}

/** A moderator's decision: hide (keep hidden), unhide (show again) or dismiss (reject the reports). */
export async function decide(db: Db, actor: Actor, input: z.output<typeof decisionInput>, links: LinkContext, now = new Date()) {
	return db.transaction(async (tx) => {
		const content = await contentOr404(tx, actor, input.targetType, input.targetId);
		assertCan(actor, 'content.moderate', content.space);
		const [row] = await tx
			.insert(moderations)
			.values({ targetType: content.type, targetId: content.id, spaceId: content.spaceId, reportCount: 0, createdAt: now })
			.onConflictDoUpdate({ target: [moderations.targetType, moderations.targetId], set: { spaceId: content.spaceId } })
			.returning();
		const hide = input.decision === 'hide';
		const wasHidden = content.hidden;
		if (hide !== wasHidden) await reportable(content.type)!.setHidden(tx, content.id, hide ? now : null);
		const [updated] = await tx
			.update(moderations)
			.set({
				state: hide ? 'hidden' : 'dismissed',
				hiddenAt: hide ? (row.hiddenAt ?? now) : null,
				decidedBy: actor.userId,
				decidedAt: now
			})
			.where(eq(moderations.id, row.id))
			.returning();
		await recordAdminAction(tx, {
			actorId: actor.userId,
			action: `moderation.${input.decision}`,
			targetType: content.type,
			targetId: content.id,
			details: { reports: row.reportCount, spaceId: content.spaceId }
		});
		if (hide && !wasHidden) await tellAuthorsHidden(tx, content, links);
		return updated;
	});
}

export type ModerationState = (typeof moderationStates)[number];

/** The rows an actor moderates: everything (platform admins), their organisations' spaces, the spaces they moderate. */
function moderatedBy(actor: Actor): SQL | undefined {
	if (actor.isPlatformAdmin) return undefined;
	const adminOf = actor.memberships.filter((m) => m.role === 'admin').map((m) => m.organisationId);
	const conditions: SQL[] = [
		sql`${moderations.spaceId} in (select ${spaceMembers.spaceId} from ${spaceMembers} where ${spaceMembers.userId} = ${actor.userId} and ${spaceMembers.role} = 'moderator')`
	];
	if (adminOf.length) conditions.push(inArray(spaces.organisationId, adminOf));
	return or(...conditions);
}

/** Whether the actor moderates anything at all (to show the queue link). */
export async function moderatesAnything(db: DbOrTx, actor: Actor) {
	if (!actor.userId) return false;
	if (actor.isPlatformAdmin || actor.memberships.some((m) => m.role === 'admin')) return true;
	const [row] = await db
		.select({ spaceId: spaceMembers.spaceId })
		.from(spaceMembers)
		.where(and(eq(spaceMembers.userId, actor.userId), eq(spaceMembers.role, 'moderator')))
		.limit(1);
	return !!row;
}

export interface QueueItem {
	id: string;
	targetType: string;
	targetId: string;
	state: ModerationState;
	reportCount: number;
	reasons: Record<string, number>;
	hiddenAt: string | null;
	space: { id: string; slug: string; title: string } | null;
	content: { title: string; excerpt: string; url: string; author: { id: string; name: string; blocked: boolean } | null } | null;
	createdAt: string;
}

/** The moderators' queue, oldest first, with report counts by reason and the content itself. */
export async function listQueue(
	db: DbOrTx,
	actor: Actor,
	options: { state: ModerationState; spaceSlug?: string; cursor?: Cursor; limit: number; locale: Locale }
) {
	if (!actor.userId) throw new ApiError('unauthenticated', 'error.unauthenticated');
	const { cursor, limit } = options;
	const after = cursor
		? or(gt(moderations.createdAt, new Date(cursor.at)), and(eq(moderations.createdAt, new Date(cursor.at)), gt(moderations.id, cursor.id)))
		: undefined;
	const rows = await db
		.select({ moderation: moderations, spaceSlug: spaces.slug, spaceTitle: spaces.title })
		.from(moderations)
		.leftJoin(spaces, eq(spaces.id, moderations.spaceId))
		.where(and(eq(moderations.state, options.state), options.spaceSlug ? eq(spaces.slug, options.spaceSlug) : undefined, moderatedBy(actor), after))
		.orderBy(asc(moderations.createdAt), asc(moderations.id))
		.limit(limit + 1);
	const page = toPage(rows, limit, (row) => ({ at: row.moderation.createdAt.toISOString(), id: row.moderation.id }));
	const items: QueueItem[] = [];
	for (const { moderation: m, spaceSlug, spaceTitle } of page.items) {
		const reasons = await db
			.select({ reason: contentReports.reason, count: sql<number>`count(*)::int` })
			.from(contentReports)
			.where(and(eq(contentReports.targetType, m.targetType), eq(contentReports.targetId, m.targetId)))
			.groupBy(contentReports.reason);
		const content = await reportable(m.targetType)?.resolve(db, m.targetId, actor);
		let author: NonNullable<QueueItem['content']>['author'] = null;
		if (content?.authorIds.length) {
			const [user] = await db.select({ id: users.id, displayName: users.displayName, blockedAt: users.blockedAt }).from(users).where(eq(users.id, content.authorIds[0]));
			if (user) author = { id: user.id, name: publicName(user, options.locale), blocked: user.blockedAt !== null };
		}
		items.push({
			id: m.id,
			targetType: m.targetType,
			targetId: m.targetId,
			state: m.state,
			reportCount: m.reportCount,
			reasons: Object.fromEntries(reasons.map((r) => [r.reason, r.count])),
			hiddenAt: m.hiddenAt?.toISOString() ?? null,
			space: m.spaceId && spaceSlug ? { id: m.spaceId, slug: spaceSlug, title: spaceTitle ?? spaceSlug } : null,
			content: content ? { title: content.title, excerpt: content.excerpt, url: content.url, author } : null,
			createdAt: m.createdAt.toISOString()
		});
	}
	return { items, nextCursor: page.nextCursor };
}

export function toQueueItemJson(item: QueueItem, siteUrl: string) {
	return {
		id: item.id,
		target: { type: item.targetType, id: item.targetId },
		state: item.state,
		report_count: item.reportCount,
		reasons: item.reasons,
		hidden_at: item.hiddenAt,
		space: item.space && { id: item.space.id, slug: item.space.slug },
		content: item.content && { ...item.content, url: siteUrl + item.content.url },
		created_at: item.createdAt
	};
}

export type { ModerationDecision };
