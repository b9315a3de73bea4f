import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { registerReportable } from '#lib/features/moderation/server/content.js';
import { reportContent, type LinkContext } from '#lib/features/moderation/server/moderation.js';
import { findSpace, spaceAccess, type SpaceAccess } from '#lib/features/spaces/server/spaces.js';
import { ApiError } from '#lib/server/api/errors.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { can, type Actor } from '#lib/server/auth/policy.js';
import type { Db } from '#lib/server/db/client.js';
import { chatAccounts, chatReportedMessages } from '#lib/server/db/schema.js';
import { enqueue } from '#lib/server/outbox/outbox.js';
import type { chatReportInput } from '../api.js';
import { CHAT_REDACT_JOB, roomOf } from './chat.js';
import { MatrixError, paths, type MatrixClient } from './matrix.js';

const excerpt = (text: string) => (text.length > 280 ? `${text.slice(0, 279)}…` : text);

/**
 * Reported chat messages join the moderators' queue like comments: the portal keeps a copy of
 * the message (fetched from the homeserver by the bot, never taken from the reporter), and hiding
 * it redacts it in the room.
 */
registerReportable('chat_message', {
	async resolve(db, id, actor) {
		const [message] = await db.select().from(chatReportedMessages).where(eq(chatReportedMessages.id, id));
		if (!message) return undefined;
		const space = await findSpace(db, { id: message.spaceId });
		if (!space) return undefined;
		const access = await spaceAccess(db, space, actor);
		if (!can(actor, 'space.read', access.resource)) return undefined;
		return {
			type: 'chat_message',
			id,
			spaceId: space.id,
			space: access.resource,
			rules: space.rules,
			authorIds: message.authorId ? [message.authorId] : [],
			hidden: message.hiddenAt !== null,
			title: space.title,
			excerpt: excerpt(message.body),
			url: `/spaces/${space.slug}#chat`
		};
	},
	async setHidden(tx, id, hiddenAt) {
		await tx.update(chatReportedMessages).set({ hiddenAt }).where(eq(chatReportedMessages.id, id));
		// A redaction cannot be undone: showing the message again only clears the portal's flag.
		if (hiddenAt) await enqueue(tx, CHAT_REDACT_JOB, { messageId: id });
	}
});

/** Reports a message of the space's room to the space's moderators. */
export async function reportChatMessage(
	db: Db,
	matrix: MatrixClient,
	actor: Actor,
	access: SpaceAccess,
	input: z.output<typeof chatReportInput>,
	links: LinkContext
) {
	assertCan(actor, 'chat.join', access.resource);
	const room = await roomOf(db, access.space.id);
	if (!room) throw new ApiError('not_found', 'chat.messageNotFound');
	let event: { type?: string; sender?: string; content?: { body?: unknown } };
	try {
		event = await matrix.request('GET', paths.event(room.matrixRoomId, input.event_id));
	} catch (error) {
		if (error instanceof MatrixError && error.status === 404) throw new ApiError('not_found', 'chat.messageNotFound');
		throw error;
	}
	if (event.type !== 'm.room.message' || typeof event.content?.body !== 'string' || typeof event.sender !== 'string')
		throw new ApiError('not_found', 'chat.messageNotFound');
	const [author] = await db.select({ userId: chatAccounts.userId }).from(chatAccounts).where(eq(chatAccounts.matrixUserId, event.sender));
	await db
		.insert(chatReportedMessages)
		.values({
			spaceId: access.space.id,
			matrixRoomId: room.matrixRoomId,
			matrixEventId: input.event_id,
			sender: event.sender,
			authorId: author?.userId ?? null,
			body: event.content.body
		})
		.onConflictDoNothing();
	const [row] = await db.select().from(chatReportedMessages).where(eq(chatReportedMessages.matrixEventId, input.event_id));
	const result = await reportContent(db, actor, { targetType: 'chat_message', targetId: row.id, reason: input.reason, details: input.details }, links);
	return { id: row.id, reportCount: result.reportCount, hidden: result.hidden };
}
