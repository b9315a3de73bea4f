import { timingSafeEqual } from 'node:crypto';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { findSpace, type Space } from '#lib/features/spaces/server/spaces.js';
import type { MatrixConfig } from '#lib/server/config.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { chatAccounts, chatRooms, outboxJobs, spaceMembers, users } from '#lib/server/db/schema.js';
import { ApiError } from '#lib/server/api/errors.js';
import { enqueue, enqueueOnce } from '#lib/server/outbox/outbox.js';
import { createMatrixClient, escapeRegExp, localpartFor, MatrixError, matrixUserId, paths, type MatrixClient } from './matrix.js';

/**
 * Chat: one Matrix room per space, on the town's homeserver, with Parvis as an application
 * service. Parvis memberships are the truth; `reconcileSpace` makes the room's memberships follow
 * them (idempotent, so it also repairs drift after an outage). Everything that changes the
 * homeserver runs from outbox jobs, written in the transaction of the change.
 */
let client: MatrixClient | undefined;

export function configureChat(config: MatrixConfig | undefined, fetchImpl?: typeof fetch) {
	client = config ? createMatrixClient(config, fetchImpl) : undefined;
	return client;
}

export function chatClient() {
	return client;
}

export const chatEnabled = () => client !== undefined;

export const CHAT_RECONCILE_JOB = 'chat.reconcile_space';
export const CHAT_RECONCILE_ALL_JOB = 'chat.reconcile_all';
export const CHAT_ANNOUNCE_JOB = 'chat.announce';
export const CHAT_REDACT_JOB = 'chat.redact';

/** Every six hours all rooms are reconciled, whatever happened: drift never lasts. */
export const RECONCILE_ALL_EVERY_MS = 6 * 60 * 60_000;

/** Asks for the space's room to follow its memberships (no-op when chat is off). Call in the change's transaction. */
export async function requestChatSync(tx: DbOrTx, spaceId: string) {
	if (chatEnabled()) await enqueue(tx, CHAT_RECONCILE_JOB, { spaceId });
}

/** Keeps one pending full reconciliation in the outbox (`exceptId`: the reconciliation job in hand). */
export async function scheduleFullReconciliation(db: Db, now = new Date(), delayMs = 0, exceptId?: string) {
	if (chatEnabled()) await enqueueOnce(db, CHAT_RECONCILE_ALL_JOB, {}, new Date(now.getTime() + delayMs), exceptId);
}

/** At start-up the full reconciliation runs at once (a pending one is brought forward): drift after an outage is repaired. */
export async function reconcileAtStartup(db: Db, now = new Date()) {
	if (!chatEnabled()) return;
	const moved = await db
		.update(outboxJobs)
		.set({ runAt: now })
		.where(and(eq(outboxJobs.kind, CHAT_RECONCILE_ALL_JOB), eq(outboxJobs.status, 'pending')))
		.returning({ id: outboxJobs.id });
	if (!moved.length) await scheduleFullReconciliation(db, now);
}

export function aliasLocalpart(matrix: MatrixClient, space: Pick<Space, 'slug'>) {
	return `${matrix.config.userPrefix}${space.slug}`;
}

export async function roomOf(db: DbOrTx, spaceId: string) {
	const [row] = await db.select().from(chatRooms).where(eq(chatRooms.spaceId, spaceId));
	return row;
}

/** The Matrix account of a Parvis user: registered through the application service on first use. */
export async function ensureAccount(db: DbOrTx, matrix: MatrixClient, user: { id: string; displayName: string }) {
	const [known] = await db.select().from(chatAccounts).where(eq(chatAccounts.userId, user.id));
	if (known) return known.matrixUserId;
	const localpart = localpartFor(matrix.config, user.id);
	const userId = matrixUserId(matrix.config, localpart);
	try {
		await matrix.request('POST', paths.register(), { body: { type: 'm.login.application_service', username: localpart, inhibit_login: true } });
	} catch (error) {
		if (!(error instanceof MatrixError && error.errcode === 'M_USER_IN_USE')) throw error;
	}
	await matrix.request('PUT', paths.displayName(userId), { asUser: userId, body: { displayname: user.displayName } });
	await db.insert(chatAccounts).values({ userId: user.id, matrixUserId: userId }).onConflictDoNothing();
	return userId;
}

/**
 * The space's room, created by the bot if it has none. The room alias is derived from the space,
 * so a creation retried after a lost answer finds the room made the first time.
 */
export async function ensureRoom(db: DbOrTx, matrix: MatrixClient, space: Space) {
	const known = await roomOf(db, space.id);
	if (known) return known;
	const localpart = aliasLocalpart(matrix, space);
	const alias = `#${localpart}:${matrix.config.serverName}`;
	let roomId: string;
	try {
		const created = await matrix.request<{ room_id: string }>('POST', paths.createRoom(), {
			body: {
				preset: space.visibility === 'public' ? 'public_chat' : 'private_chat',
				visibility: 'private',
				room_alias_name: localpart,
				name: space.title,
				topic: space.description.slice(0, 500),
				initial_state: [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'shared' } }]
			}
		});
		roomId = created.room_id;
	} catch (error) {
		if (!(error instanceof MatrixError && error.errcode === 'M_ROOM_IN_USE')) throw error;
		roomId = (await matrix.request<{ room_id: string }>('GET', paths.alias(alias))).room_id;
	}
	const [row] = await db.insert(chatRooms).values({ spaceId: space.id, matrixRoomId: roomId, alias }).onConflictDoNothing().returning();
	return row ?? (await roomOf(db, space.id))!;
}

/** Invites (if needed) and joins a namespaced user, acting as them; idempotent. */
export async function joinAs(matrix: MatrixClient, roomId: string, userId: string, visibility: 'public' | 'private') {
	if (visibility === 'private') {
		try {
			await matrix.request('POST', paths.invite(roomId), { body: { user_id: userId } });
		} catch (error) {
			// Already invited or already in the room: the join below settles it.
			if (!(error instanceof MatrixError && error.errcode === 'M_FORBIDDEN')) throw error;
		}
	}
	await matrix.request('POST', paths.join(roomId), { asUser: userId, body: {} });
}

/** Sets a room state event only when it differs: a reconciliation that changes nothing writes nothing in the room. */
async function ensureState(matrix: MatrixClient, roomId: string, type: string, content: Record<string, unknown>, field: string) {
	let current: Record<string, unknown> | undefined;
	try {
		current = await matrix.request('GET', paths.state(roomId, type));
	} catch (error) {
		if (!(error instanceof MatrixError && error.status === 404)) throw error;
	}
	if (current?.[field] !== content[field]) await matrix.request('PUT', paths.state(roomId, type), { body: content });
}

export interface ReconcileResult {
	roomId: string;
	joined: string[];
	removed: string[];
	banned: string[];
	unbanned: string[];
}

/**
 * Makes the room's members follow the space: every member of the space is in the room; in a
 * private space, namespaced users who are no longer members are removed; people blocked on the
 * portal are banned from every room (so they cannot join a public one again) and unbanned when
 * the block is lifted. Users from other servers or outside the namespace are left alone. Compares
 * with the homeserver's own member list, so running it again changes nothing and running it after
 * an outage repairs what was missed.
 */
export async function reconcileSpace(db: Db, matrix: MatrixClient, spaceId: string, now = new Date()): Promise<ReconcileResult | undefined> {
	const space = await findSpace(db, { id: spaceId });
	if (!space) return undefined;
	const room = await ensureRoom(db, matrix, space);
	await ensureState(matrix, room.matrixRoomId, 'm.room.join_rules', { join_rule: space.visibility === 'public' ? 'public' : 'invite' }, 'join_rule');
	await ensureState(matrix, room.matrixRoomId, 'm.room.name', { name: space.title }, 'name');
	const members = await db
		.select({ id: users.id, displayName: users.displayName, blockedAt: users.blockedAt })
		.from(spaceMembers)
		.innerJoin(users, eq(users.id, spaceMembers.userId))
		.where(eq(spaceMembers.spaceId, space.id));
	const wanted = new Map<string, { id: string; displayName: string }>();
	for (const member of members) if (!member.blockedAt) wanted.set(matrixUserId(matrix.config, localpartFor(matrix.config, member.id)), member);
	const { chunk } = await matrix.request<{ chunk: { state_key?: string; content?: { membership?: string } }[] }>('GET', paths.members(room.matrixRoomId));
	const membership = new Map<string, string>();
	for (const event of chunk ?? []) if (event.state_key && event.content?.membership) membership.set(event.state_key, event.content.membership);
	const ours = new RegExp(`^@${escapeRegExp(matrix.config.userPrefix)}[0-9a-f]{32}:${escapeRegExp(matrix.config.serverName)}$`);
	const concerned = [...membership.keys()].filter((userId) => ours.test(userId) && userId !== matrix.botUserId);
	const blocked = new Set(
		concerned.length
			? (
					await db
						.select({ matrixUserId: chatAccounts.matrixUserId })
						.from(chatAccounts)
						.innerJoin(users, eq(users.id, chatAccounts.userId))
						.where(and(inArray(chatAccounts.matrixUserId, concerned), isNotNull(users.blockedAt)))
				).map((row) => row.matrixUserId)
			: []
	);
	const result: ReconcileResult = { roomId: room.matrixRoomId, joined: [], removed: [], banned: [], unbanned: [] };
	for (const userId of concerned) {
		const state = membership.get(userId);
		if (blocked.has(userId) && state !== 'ban') {
			await matrix.request('POST', paths.ban(room.matrixRoomId), { body: { user_id: userId, reason: 'Participant bloqué sur le portail' } });
			result.banned.push(userId);
		} else if (!blocked.has(userId) && state === 'ban') {
			await matrix.request('POST', paths.unban(room.matrixRoomId), { body: { user_id: userId } });
			membership.set(userId, 'leave');
			result.unbanned.push(userId);
		} else if (state === 'join' && space.visibility === 'private' && !wanted.has(userId) && !blocked.has(userId)) {
			await matrix.request('POST', paths.kick(room.matrixRoomId), { body: { user_id: userId, reason: 'No longer a member of the space' } });
			result.removed.push(userId);
		}
	}
	for (const [userId, member] of wanted) {
		if (membership.get(userId) === 'join') continue;
		await ensureAccount(db, matrix, member);
		await joinAs(matrix, room.matrixRoomId, userId, space.visibility);
		result.joined.push(userId);
	}
	await db.update(chatRooms).set({ reconciledAt: now }).where(eq(chatRooms.spaceId, space.id));
	return result;
}

/** Blocking or unblocking someone reaches every room (in the change's transaction). */
export async function requestFullChatSync(tx: DbOrTx) {
	if (chatEnabled()) await enqueue(tx, CHAT_RECONCILE_ALL_JOB, {});
}

export interface ChatSession {
	homeserverUrl: string;
	userId: string;
	accessToken: string;
	deviceId: string;
	roomId: string;
	roomAlias: string;
}

/** The device of callers that name none; the panel names one per browser, so devices do not pile up. */
export const WEB_DEVICE_ID = 'PARVIS_WEB';

/**
 * Hands the browser a Matrix access token for the signed-in user, without a second login: the
 * application service logs in as the user (`m.login.application_service`), after making sure the
 * account exists and that the user is in the space's room. The person is waiting, so these calls
 * are made at once rather than through the outbox; all of them are idempotent.
 */
export async function openChatSession(
	db: Db,
	matrix: MatrixClient,
	space: Space,
	user: { id: string; displayName: string },
	deviceId = WEB_DEVICE_ID
): Promise<ChatSession> {
	const userId = await ensureAccount(db, matrix, user);
	const room = await ensureRoom(db, matrix, space);
	await joinAs(matrix, room.matrixRoomId, userId, space.visibility);
	const login = await matrix.request<{ access_token: string; device_id: string; user_id: string }>('POST', paths.login(), {
		body: {
			type: 'm.login.application_service',
			identifier: { type: 'm.id.user', user: userId },
			device_id: deviceId,
			initial_device_display_name: 'Parvis'
		}
	});
	return { homeserverUrl: matrix.config.homeserverUrl, userId: login.user_id, accessToken: login.access_token, deviceId: login.device_id, roomId: room.matrixRoomId, roomAlias: room.alias };
}

/** The homeserver client, or a 404 when chat is not configured (the panel is then not shown). */
export function chatOr404() {
	if (!client) throw new ApiError('not_found', 'chat.disabled');
	return client;
}

/** Runs homeserver calls made while someone waits: an unreachable or failing homeserver is a 503, never a 500. */
export async function withHomeserver<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof ApiError) throw error;
		console.error('[chat]', error instanceof Error ? error.message : error);
		throw new ApiError('service_unavailable', 'chat.unavailable');
	}
}

/**
 * The application service's own endpoints (`/_matrix/app/v1/…`), called by the homeserver with
 * the `hs_token`. Parvis needs no room traffic yet: transactions are acknowledged (the spec asks
 * for 200 `{}`, so the homeserver does not retry them) and pings answered.
 */
export function homeserverRefusal(authorization: string | null): Response | undefined {
	const config = client?.config;
	const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
	if (!config) return json(404, { errcode: 'M_UNRECOGNIZED', error: 'Chat is not configured' });
	const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
	if (!token) return json(401, { errcode: 'M_UNAUTHORIZED', error: 'Missing hs_token' });
	if (!timingSafeEqualText(token, config.hsToken)) return json(403, { errcode: 'M_FORBIDDEN', error: 'Bad hs_token' });
	return undefined;
}

function timingSafeEqualText(a: string, b: string) {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

/** What the space's administrators see of the chat: off (and where to read how to set it up), or the room. */
export async function chatStatus(db: DbOrTx, space: Pick<Space, 'id'>) {
	if (!client) return { enabled: false as const };
	const room = await roomOf(db, space.id);
	return { enabled: true as const, alias: room?.alias ?? null, reconciledAt: room?.reconciledAt?.toISOString() ?? null };
}
