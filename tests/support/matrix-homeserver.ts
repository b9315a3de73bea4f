/**
 * A small Matrix homeserver inside the test process, written to the Client-Server API and the
 * Application Service API (spec v1.11) for exactly the endpoints Parvis and matrix-js-sdk use;
 * docs/matrix.md lists them. Anything else is answered as the spec says for an unknown endpoint:
 * 404 `{"errcode":"M_UNRECOGNIZED"}` (405 for a known path with another method).
 *
 * One process, memory only, no federation, no end-to-end encryption. It checks what a real
 * homeserver checks on those endpoints: access tokens, the application service's `as_token`
 * and namespace (with `user_id` masquerading), room membership, join rules, power levels for
 * kicks, state and redactions, and transaction-id idempotency of sends.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface MatrixEvent {
	event_id: string;
	room_id: string;
	type: string;
	sender: string;
	origin_server_ts: number;
	content: Record<string, unknown>;
	state_key?: string;
	unsigned?: Record<string, unknown>;
}

interface StoredEvent extends MatrixEvent {
	/** Global stream position: sync and pagination tokens are built from it. */
	pos: number;
	/** The access token and txnId it was sent with (`unsigned.transaction_id` for that token only). */
	txn?: { token: string; txnId: string };
}

interface Room {
	id: string;
	events: StoredEvent[];
	state: Map<string, StoredEvent>;
	typing: Map<string, number>;
	receipts: Map<string, { eventId: string; ts: number }>;
	ephemeralPos: number;
}

interface Session {
	userId: string;
	deviceId: string;
}

export interface TestHomeserverOptions {
	serverName?: string;
	asToken?: string;
	hsToken?: string;
	/** The application service's user namespace (a regex on full user ids). */
	userNamespace?: string;
	/** The application service's alias namespace. */
	aliasNamespace?: string;
	/** The application service's own user (sender_localpart). */
	senderLocalpart?: string;
	/** Fixed port (to restart on the same address); 0 picks a free one. */
	port?: number;
}

export interface TestHomeserver {
	readonly url: string;
	readonly serverName: string;
	readonly asToken: string;
	readonly hsToken: string;
	readonly botUserId: string;
	/** Every request received: method and path (with query). */
	readonly requests: { method: string; path: string; status: number }[];
	/** Stops answering (the port is closed, open connections cut): the homeserver is down. */
	stop(): Promise<void>;
	/** Listens again on the same port. */
	start(): Promise<void>;
	/** The next `count` requests made with the as_token get 429 M_LIMIT_EXCEEDED with `retry_after_ms`. */
	rateLimitNext(count: number, retryAfterMs: number): void;
	roomIdByAlias(alias: string): string | undefined;
	joinedMembers(roomId: string): string[];
	membership(roomId: string, userId: string): string | undefined;
	messages(roomId: string): MatrixEvent[];
	/** Changes membership behind Parvis's back (drift), as an admin tool would. */
	forceMembership(roomId: string, userId: string, membership: 'join' | 'leave'): void;
	/** Registers a user outside the namespace (someone on Element) and returns an access token. */
	registerOutsider(localpart: string): { userId: string; accessToken: string };
	close(): Promise<void>;
}

class MatrixHttpError extends Error {
	constructor(
		readonly status: number,
		readonly errcode: string,
		message: string,
		readonly extra: Record<string, unknown> = {}
	) {
		super(message);
	}
}

const fail = (status: number, errcode: string, message: string, extra?: Record<string, unknown>): never => {
	throw new MatrixHttpError(status, errcode, message, extra);
};

const opaque = (bytes = 18) => randomBytes(bytes).toString('base64url');
const SUPPORTED_VERSIONS = ['v1.1', 'v1.2', 'v1.3', 'v1.4', 'v1.5', 'v1.6', 'v1.7', 'v1.8', 'v1.9', 'v1.10', 'v1.11'];
const DEFAULT_TIMELINE_LIMIT = 20;
const MAX_SYNC_TIMEOUT_MS = 30_000;

export async function startTestHomeserver(options: TestHomeserverOptions = {}): Promise<TestHomeserver> {
	const serverName = options.serverName ?? 'parvis.test';
	const asToken = options.asToken ?? `as_${opaque()}`;
	const hsToken = options.hsToken ?? `hs_${opaque()}`;
	const userNamespace = new RegExp(`^${options.userNamespace ?? `@parvis_.*:${serverName.replace(/\./g, '\\.')}`}$`);
	const aliasNamespace = new RegExp(`^${options.aliasNamespace ?? `#parvis_.*:${serverName.replace(/\./g, '\\.')}`}$`);
	const botUserId = `@${options.senderLocalpart ?? 'parvis_bot'}:${serverName}`;

	const users = new Map<string, { displayname: string | null; accountData: Map<string, unknown>; filters: unknown[] }>();
	const tokens = new Map<string, Session>();
	const devices = new Map<string, string>(); // `${userId}|${deviceId}` → current token
	const rooms = new Map<string, Room>();
	const aliases = new Map<string, string>();
	const transactions = new Map<string, string>(); // `${token}|${userId}|${roomId}|${txnId}` → event id
	const requests: TestHomeserver['requests'] = [];
	const waiters = new Set<() => void>();
	let pos = 0;
	let rateLimited = { count: 0, retryAfterMs: 0 };

	const ensureUser = (userId: string) => {
		let user = users.get(userId);
		if (!user) users.set(userId, (user = { displayname: null, accountData: new Map(), filters: [] }));
		return user;
	};
	ensureUser(botUserId);

	const wake = () => {
		for (const waiter of [...waiters]) waiter();
	};

	const stateKey = (type: string, key: string) => `${type}\u0000${key}`;

	function append(room: Room, event: Omit<MatrixEvent, 'event_id' | 'room_id' | 'origin_server_ts'>, txn?: StoredEvent['txn']) {
		const stored: StoredEvent = { ...event, event_id: `$${opaque(32)}`, room_id: room.id, origin_server_ts: Date.now(), pos: ++pos, txn };
		const previous = stored.state_key !== undefined ? room.state.get(stateKey(stored.type, stored.state_key)) : undefined;
		if (previous) stored.unsigned = { prev_content: previous.content, replaces_state: previous.event_id };
		room.events.push(stored);
		if (stored.state_key !== undefined) room.state.set(stateKey(stored.type, stored.state_key), stored);
		wake();
		return stored;
	}

	const roomOr404 = (roomId: string) => rooms.get(roomId) ?? fail(404, 'M_NOT_FOUND', 'Unknown room');
	const membershipOf = (room: Room, userId: string) => room.state.get(stateKey('m.room.member', userId))?.content.membership as string | undefined;
	const powerOf = (room: Room, userId: string) => {
		const levels = room.state.get(stateKey('m.room.power_levels', ''))?.content as { users?: Record<string, number>; users_default?: number } | undefined;
		return levels?.users?.[userId] ?? levels?.users_default ?? 0;
	};
	const requiredPower = (room: Room, key: 'kick' | 'ban' | 'redact' | 'state_default' | 'invite') => {
		const levels = room.state.get(stateKey('m.room.power_levels', ''))?.content as Record<string, unknown> | undefined;
		const value = levels?.[key];
		return typeof value === 'number' ? value : key === 'invite' ? 0 : 50;
	};
	const assertJoined = (room: Room, userId: string) => {
		if (membershipOf(room, userId) !== 'join') fail(403, 'M_FORBIDDEN', `${userId} is not in the room`);
	};
	const setMember = (room: Room, sender: string, target: string, membership: string, extra: Record<string, unknown> = {}) =>
		append(room, {
			type: 'm.room.member',
			sender,
			state_key: target,
			content: { membership, ...(users.get(target)?.displayname ? { displayname: users.get(target)!.displayname } : {}), ...extra }
		});

	/** Who is calling: a user's token, or the application service (as the bot or a namespaced user). */
	function authenticate(request: IncomingMessage, url: URL): Session & { token: string; appservice: boolean } {
		const header = request.headers.authorization;
		const token = header?.startsWith('Bearer ') ? header.slice(7) : url.searchParams.get('access_token');
		if (!token) fail(401, 'M_MISSING_TOKEN', 'Missing access token');
		if (token === asToken) {
			const userId = url.searchParams.get('user_id') ?? botUserId;
			if (userId !== botUserId && !userNamespace.test(userId)) fail(403, 'M_EXCLUSIVE', 'User is not in the application service namespace');
			if (!users.has(userId)) fail(403, 'M_FORBIDDEN', 'Application service has not registered this user');
			return { userId, deviceId: 'APPSERVICE', token: token!, appservice: true };
		}
		const session = tokens.get(token!);
		if (!session) fail(401, 'M_UNKNOWN_TOKEN', 'Unknown or expired access token', { soft_logout: false });
		return { ...session!, token: token!, appservice: false };
	}

	function eventForClient(event: StoredEvent, token: string): MatrixEvent {
		const { pos: _pos, txn, ...visible } = event;
		const unsigned: Record<string, unknown> = { ...(visible.unsigned ?? {}), age: Date.now() - event.origin_server_ts };
		if (txn && txn.token === token) unsigned.transaction_id = txn.txnId;
		return { ...visible, unsigned };
	}

	function createRoom(sender: string, body: Record<string, unknown>) {
		const preset = (body.preset as string | undefined) ?? (body.visibility === 'public' ? 'public_chat' : 'private_chat');
		if (!['public_chat', 'private_chat', 'trusted_private_chat'].includes(preset)) fail(400, 'M_INVALID_PARAM', 'Unknown preset');
		let alias: string | undefined;
		if (body.room_alias_name !== undefined) {
			if (typeof body.room_alias_name !== 'string' || !/^[^:\s#]+$/.test(body.room_alias_name)) fail(400, 'M_INVALID_ROOM_STATE', 'Bad room_alias_name');
			alias = `#${body.room_alias_name}:${serverName}`;
			if (aliases.has(alias)) fail(400, 'M_ROOM_IN_USE', 'Room alias already taken');
		}
		const room: Room = { id: `!${opaque(12)}:${serverName}`, events: [], state: new Map(), typing: new Map(), receipts: new Map(), ephemeralPos: 0 };
		rooms.set(room.id, room);
		append(room, { type: 'm.room.create', sender, state_key: '', content: { room_version: '11', ...((body.creation_content as object) ?? {}) } });
		setMember(room, sender, sender, 'join');
		append(room, {
			type: 'm.room.power_levels',
			sender,
			state_key: '',
			content: { users: { [sender]: 100 }, users_default: 0, events_default: 0, state_default: 50, ban: 50, kick: 50, redact: 50, invite: 0 }
		});
		if (alias) {
			aliases.set(alias, room.id);
			append(room, { type: 'm.room.canonical_alias', sender, state_key: '', content: { alias } });
		}
		append(room, { type: 'm.room.join_rules', sender, state_key: '', content: { join_rule: preset === 'public_chat' ? 'public' : 'invite' } });
		append(room, { type: 'm.room.history_visibility', sender, state_key: '', content: { history_visibility: 'shared' } });
		append(room, { type: 'm.room.guest_access', sender, state_key: '', content: { guest_access: preset === 'public_chat' ? 'forbidden' : 'can_join' } });
		for (const state of (body.initial_state as { type: string; state_key?: string; content: Record<string, unknown> }[] | undefined) ?? [])
			append(room, { type: state.type, sender, state_key: state.state_key ?? '', content: state.content });
		if (typeof body.name === 'string') append(room, { type: 'm.room.name', sender, state_key: '', content: { name: body.name } });
		if (typeof body.topic === 'string') append(room, { type: 'm.room.topic', sender, state_key: '', content: { topic: body.topic } });
		for (const invitee of (body.invite as string[] | undefined) ?? []) setMember(room, sender, invitee, 'invite');
		return room;
	}

	function join(room: Room, userId: string) {
		const current = membershipOf(room, userId);
		if (current === 'join') return;
		if (current === 'ban') fail(403, 'M_FORBIDDEN', 'You are banned from this room');
		const rule = room.state.get(stateKey('m.room.join_rules', ''))?.content.join_rule;
		if (rule !== 'public' && current !== 'invite') fail(403, 'M_FORBIDDEN', 'You are not invited to this room');
		setMember(room, userId, userId, 'join');
	}

	// ---- /sync ----

	const parseSince = (since: string | null) => {
		if (!since) return undefined;
		const match = /^s(\d+)_(\d+)$/.exec(since);
		if (!match) fail(400, 'M_INVALID_PARAM', 'Bad since token');
		return { pos: Number(match![1]), ephemeral: Number(match![2]) };
	};
	let ephemeralPos = 0;
	const nextBatch = () => `s${pos}_${ephemeralPos}`;

	function timelineLimit(userId: string, filterParam: string | null) {
		let filter: any;
		if (filterParam?.startsWith('{')) filter = JSON.parse(filterParam);
		else if (filterParam) filter = users.get(userId)?.filters[Number(filterParam)];
		const limit = filter?.room?.timeline?.limit;
		return typeof limit === 'number' && limit > 0 ? limit : DEFAULT_TIMELINE_LIMIT;
	}

	function unreadCount(room: Room, userId: string) {
		const receipt = room.receipts.get(userId);
		const from = receipt ? room.events.findIndex((e) => e.event_id === receipt.eventId) + 1 : room.events.findIndex((e) => e.type === 'm.room.member' && e.state_key === userId && e.content.membership === 'join') + 1;
		return room.events.slice(Math.max(0, from)).filter((e) => e.type === 'm.room.message' && e.sender !== userId && !e.content.redacted_because).length;
	}

	function ephemeralOf(room: Room) {
		const now = Date.now();
		for (const [userId, until] of room.typing) if (until <= now) room.typing.delete(userId);
		const receipts: Record<string, { 'm.read': Record<string, { ts: number }> }> = {};
		for (const [userId, receipt] of room.receipts) ((receipts[receipt.eventId] ??= { 'm.read': {} })['m.read'][userId] = { ts: receipt.ts });
		const events: unknown[] = [{ type: 'm.typing', content: { user_ids: [...room.typing.keys()] } }];
		if (room.receipts.size) events.push({ type: 'm.receipt', content: receipts });
		return events;
	}

	function buildSync(session: Session & { token: string }, since: { pos: number; ephemeral: number } | undefined, filterParam: string | null) {
		const limit = timelineLimit(session.userId, filterParam);
		const join: Record<string, unknown> = {};
		const invite: Record<string, unknown> = {};
		const leave: Record<string, unknown> = {};
		for (const room of rooms.values()) {
			const memberEvent = room.state.get(stateKey('m.room.member', session.userId));
			if (!memberEvent) continue;
			const membership = memberEvent.content.membership;
			const changedSince = !since || memberEvent.pos > since.pos;
			if (membership === 'invite') {
				if (!changedSince) continue;
				const stripped = ['m.room.create', 'm.room.name', 'm.room.join_rules', 'm.room.canonical_alias']
					.map((type) => room.state.get(stateKey(type, '')))
					.filter((e): e is StoredEvent => !!e)
					.concat(memberEvent)
					.map(({ type, state_key, content, sender }) => ({ type, state_key, content, sender }));
				invite[room.id] = { invite_state: { events: stripped } };
				continue;
			}
			if (membership === 'leave' || membership === 'ban') {
				if (!since || !changedSince) continue;
				const events = room.events.filter((e) => e.pos > since.pos && e.pos <= memberEvent.pos);
				leave[room.id] = { timeline: { events: events.map((e) => eventForClient(e, session.token)), limited: false, prev_batch: `p${since.pos}` }, state: { events: [] }, account_data: { events: [] } };
				continue;
			}
			if (membership !== 'join') continue;
			// Joined since the last sync (not just a profile change): the client gets the room as new.
			const fresh = !since || (memberEvent.pos > since.pos && stateAt(room, since.pos).get(stateKey('m.room.member', session.userId))?.content.membership !== 'join');
			const candidates = fresh ? room.events : room.events.filter((e) => e.pos > since!.pos);
			const timeline = candidates.slice(-limit);
			const limited = timeline.length < candidates.length;
			const ephemeralChanged = !since || room.ephemeralPos > since.ephemeral;
			if (!fresh && !timeline.length && !ephemeralChanged) continue;
			const first = timeline[0]?.pos ?? pos + 1;
			// State at the start of the timeline: what a fresh or gapped client has not seen.
			const state = fresh || limited ? [...stateAt(room, first - 1).values()].filter((e) => !timeline.includes(e)) : [];
			join[room.id] = {
				summary: {},
				state: { events: state.map((e) => eventForClient(e, session.token)) },
				timeline: { events: timeline.map((e) => eventForClient(e, session.token)), limited: fresh ? room.events.length > timeline.length : limited, prev_batch: `p${first - 1}` },
				ephemeral: { events: ephemeralChanged ? ephemeralOf(room) : [] },
				account_data: { events: [] },
				unread_notifications: { notification_count: unreadCount(room, session.userId), highlight_count: 0 }
			};
		}
		const user = users.get(session.userId);
		return {
			next_batch: nextBatch(),
			rooms: { join, invite, leave, knock: {} },
			account_data: { events: since ? [] : [...(user?.accountData ?? new Map()).entries()].map(([type, content]) => ({ type, content })) },
			presence: { events: [] },
			to_device: { events: [] },
			device_lists: { changed: [], left: [] },
			device_one_time_keys_count: {}
		};
	}

	function stateAt(room: Room, atPos: number) {
		const state = new Map<string, StoredEvent>();
		for (const event of room.events) if (event.pos <= atPos && event.state_key !== undefined) state.set(stateKey(event.type, event.state_key), event);
		return state;
	}

	const isEmptySync = (sync: ReturnType<typeof buildSync>) =>
		!Object.keys(sync.rooms.join).length && !Object.keys(sync.rooms.invite).length && !Object.keys(sync.rooms.leave).length && !sync.account_data.events.length;

	async function sync(session: Session & { token: string }, url: URL, signal: AbortSignal) {
		const since = parseSince(url.searchParams.get('since'));
		const filter = url.searchParams.get('filter');
		const timeout = Math.min(Number(url.searchParams.get('timeout') ?? 0) || 0, MAX_SYNC_TIMEOUT_MS);
		let result = buildSync(session, since, filter);
		if (!since || !isEmptySync(result) || timeout <= 0) return result;
		const deadline = Date.now() + timeout;
		while (Date.now() < deadline && !signal.aborted) {
			await new Promise<void>((resolve) => {
				const done = () => {
					waiters.delete(done);
					clearTimeout(timer);
					resolve();
				};
				const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
				waiters.add(done);
				signal.addEventListener('abort', done, { once: true });
			});
			result = buildSync(session, since, filter);
			if (!isEmptySync(result)) return result;
		}
		return result;
	}

	// ---- routing ----

	type Handler = (ctx: { session: () => ReturnType<typeof authenticate>; body: any; params: string[]; url: URL; request: IncomingMessage; signal: AbortSignal }) => unknown;
	const routes: { method: string; pattern: RegExp; handler: Handler }[] = [];
	const route = (method: string, path: string, handler: Handler) =>
		// A state key may be empty: `/state/m.room.name/` (trailing slash) is the spec's form for it.
		routes.push({ method, pattern: new RegExp(`^${path.replace('{stateKey}', '([^/]*)').replace(/\{[^}]+\}/g, '([^/]+)')}$`), handler });
	const C = '/_matrix/client/(?:v3|r0)';

	route('GET', '/_matrix/client/versions', () => ({ versions: SUPPORTED_VERSIONS, unstable_features: {} }));
	route('GET', `${C}/capabilities`, ({ session }) => {
		session();
		return { capabilities: { 'm.change_password': { enabled: false }, 'm.room_versions': { default: '11', available: { '11': 'stable' } }, 'm.set_displayname': { enabled: true } } };
	});
	route('GET', `${C}/login`, () => ({ flows: [{ type: 'm.login.application_service' }] }));
	route('POST', `${C}/login`, ({ body, request, url }) => {
		if (body?.type !== 'm.login.application_service') fail(400, 'M_UNKNOWN', 'Bad login type.');
		const header = request.headers.authorization;
		const token = header?.startsWith('Bearer ') ? header.slice(7) : url.searchParams.get('access_token');
		if (token !== asToken) fail(401, 'M_MISSING_TOKEN', 'The application service token is required for this login type');
		const identifier = body.identifier;
		const user = identifier?.type === 'm.id.user' ? String(identifier.user) : typeof body.user === 'string' ? body.user : '';
		const userId = user.startsWith('@') ? user : `@${user}:${serverName}`;
		if (!userNamespace.test(userId)) fail(403, 'M_EXCLUSIVE', 'User is not in the application service namespace');
		if (!users.has(userId)) fail(403, 'M_FORBIDDEN', 'Unknown user');
		const deviceId = typeof body.device_id === 'string' ? body.device_id : opaque(8).toUpperCase();
		const previous = devices.get(`${userId}|${deviceId}`);
		if (previous) tokens.delete(previous); // the spec allows invalidating the device's older token
		const accessToken = `syt_${opaque(24)}`;
		tokens.set(accessToken, { userId, deviceId });
		devices.set(`${userId}|${deviceId}`, accessToken);
		return { user_id: userId, access_token: accessToken, device_id: deviceId };
	});
	route('POST', `${C}/logout`, ({ session }) => {
		const s = session();
		if (!s.appservice) tokens.delete(s.token);
		return {};
	});
	route('POST', `${C}/register`, ({ body, request, url }) => {
		const header = request.headers.authorization;
		const token = header?.startsWith('Bearer ') ? header.slice(7) : url.searchParams.get('access_token');
		if (body?.type !== 'm.login.application_service' || token !== asToken) fail(403, 'M_FORBIDDEN', 'Registration is disabled');
		const localpart = String(body.username ?? '');
		if (!/^[a-z0-9._=\-/+]+$/.test(localpart)) fail(400, 'M_INVALID_USERNAME', 'Invalid username');
		const userId = `@${localpart}:${serverName}`;
		if (!userNamespace.test(userId)) fail(400, 'M_EXCLUSIVE', 'User ID is not in the application service namespace');
		if (users.has(userId)) fail(400, 'M_USER_IN_USE', 'User ID already taken.');
		ensureUser(userId);
		if (body.inhibit_login) return { user_id: userId };
		const deviceId = typeof body.device_id === 'string' ? body.device_id : opaque(8).toUpperCase();
		const accessToken = `syt_${opaque(24)}`;
		tokens.set(accessToken, { userId, deviceId });
		return { user_id: userId, access_token: accessToken, device_id: deviceId };
	});
	route('GET', `${C}/account/whoami`, ({ session }) => {
		const s = session();
		return { user_id: s.userId, ...(s.appservice ? {} : { device_id: s.deviceId }), is_guest: false };
	});
	route('GET', `${C}/profile/{userId}`, ({ params }) => {
		const user = users.get(decodeURIComponent(params[0])) ?? fail(404, 'M_NOT_FOUND', 'Profile not found');
		return user!.displayname ? { displayname: user!.displayname } : {};
	});
	route('GET', `${C}/profile/{userId}/displayname`, ({ params }) => {
		const user = users.get(decodeURIComponent(params[0])) ?? fail(404, 'M_NOT_FOUND', 'Profile not found');
		return user!.displayname ? { displayname: user!.displayname } : {};
	});
	route('PUT', `${C}/profile/{userId}/displayname`, ({ session, params, body }) => {
		const s = session();
		const target = decodeURIComponent(params[0]);
		if (target !== s.userId) fail(403, 'M_FORBIDDEN', 'Cannot set another user’s display name');
		if (typeof body?.displayname !== 'string') fail(400, 'M_BAD_JSON', 'displayname is required');
		ensureUser(target).displayname = body.displayname;
		for (const room of rooms.values())
			if (membershipOf(room, target) === 'join') setMember(room, target, target, 'join', { displayname: body.displayname });
		return {};
	});
	route('GET', `${C}/pushrules/`, ({ session }) => {
		session();
		return { global: { content: [], override: [], room: [], sender: [], underride: [] } };
	});
	route('POST', `${C}/user/{userId}/filter`, ({ session, params, body }) => {
		const s = session();
		if (decodeURIComponent(params[0]) !== s.userId) fail(403, 'M_FORBIDDEN', 'Cannot create filters for other users');
		const filters = ensureUser(s.userId).filters;
		filters.push(body ?? {});
		return { filter_id: String(filters.length - 1) };
	});
	route('GET', `${C}/user/{userId}/filter/{filterId}`, ({ session, params }) => {
		const s = session();
		if (decodeURIComponent(params[0]) !== s.userId) fail(403, 'M_FORBIDDEN', 'Cannot read filters of other users');
		return users.get(s.userId)?.filters[Number(params[1])] ?? fail(404, 'M_NOT_FOUND', 'No such filter');
	});
	route('GET', `${C}/user/{userId}/account_data/{type}`, ({ session, params }) => {
		const s = session();
		if (decodeURIComponent(params[0]) !== s.userId) fail(403, 'M_FORBIDDEN', 'Cannot read account data of other users');
		return users.get(s.userId)?.accountData.get(decodeURIComponent(params[1])) ?? fail(404, 'M_NOT_FOUND', 'Account data not found');
	});
	route('PUT', `${C}/user/{userId}/account_data/{type}`, ({ session, params, body }) => {
		const s = session();
		if (decodeURIComponent(params[0]) !== s.userId) fail(403, 'M_FORBIDDEN', 'Cannot set account data of other users');
		ensureUser(s.userId).accountData.set(decodeURIComponent(params[1]), body ?? {});
		return {};
	});
	route('POST', `${C}/createRoom`, ({ session, body }) => ({ room_id: createRoom(session().userId, body ?? {}).id }));
	route('GET', `${C}/directory/room/{alias}`, ({ params }) => {
		const roomId = aliases.get(decodeURIComponent(params[0])) ?? fail(404, 'M_NOT_FOUND', 'Room alias not found');
		return { room_id: roomId, servers: [serverName] };
	});
	route('GET', `${C}/joined_rooms`, ({ session }) => {
		const s = session();
		return { joined_rooms: [...rooms.values()].filter((room) => membershipOf(room, s.userId) === 'join').map((room) => room.id) };
	});
	route('POST', `${C}/rooms/{roomId}/invite`, ({ session, params, body }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		assertJoined(room, s.userId);
		if (powerOf(room, s.userId) < requiredPower(room, 'invite')) fail(403, 'M_FORBIDDEN', 'Insufficient power level to invite');
		const target = String(body?.user_id ?? '');
		if (!/^@[^:]+:.+$/.test(target)) fail(400, 'M_INVALID_PARAM', 'user_id is required');
		const current = membershipOf(room, target);
		if (current === 'join') fail(403, 'M_FORBIDDEN', `${target} is already in the room.`);
		if (current === 'ban') fail(403, 'M_FORBIDDEN', `${target} is banned from the room`);
		if (current !== 'invite') setMember(room, s.userId, target, 'invite', body?.reason ? { reason: body.reason } : {});
		return {};
	});
	const joinRoute: Handler = ({ session, params }) => {
		const s = session();
		const target = decodeURIComponent(params[0]);
		const roomId = target.startsWith('#') ? (aliases.get(target) ?? fail(404, 'M_NOT_FOUND', 'Room alias not found')) : target;
		join(roomOr404(roomId!), s.userId);
		return { room_id: roomId };
	};
	route('POST', `${C}/join/{roomIdOrAlias}`, joinRoute);
	route('POST', `${C}/rooms/{roomId}/join`, joinRoute);
	route('POST', `${C}/rooms/{roomId}/leave`, ({ session, params }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		const current = membershipOf(room, s.userId);
		if (current !== 'join' && current !== 'invite') fail(403, 'M_FORBIDDEN', 'You are not in the room');
		setMember(room, s.userId, s.userId, 'leave');
		return {};
	});
	/** Kick, ban and unban: another member's membership, changed by someone with the power level. */
	const membershipChange =
		(action: 'kick' | 'ban' | 'unban'): Handler =>
		({ session, params, body }) => {
			const s = session();
			const room = roomOr404(decodeURIComponent(params[0]));
			assertJoined(room, s.userId);
			const target = String(body?.user_id ?? '');
			if (!/^@[^:]+:.+$/.test(target)) fail(400, 'M_INVALID_PARAM', 'user_id is required');
			const current = membershipOf(room, target);
			if (action === 'kick' && current !== 'join' && current !== 'invite') fail(403, 'M_FORBIDDEN', `${target} is not in the room`);
			if (action === 'unban' && current !== 'ban') fail(403, 'M_FORBIDDEN', `${target} is not banned`);
			const needed = requiredPower(room, action === 'kick' ? 'kick' : 'ban');
			if (powerOf(room, s.userId) < needed || (action !== 'unban' && powerOf(room, s.userId) <= powerOf(room, target)))
				fail(403, 'M_FORBIDDEN', `Insufficient power level to ${action}`);
			setMember(room, s.userId, target, action === 'ban' ? 'ban' : 'leave', action !== 'unban' && body?.reason ? { reason: body.reason } : {});
			return {};
		};
	route('POST', `${C}/rooms/{roomId}/kick`, membershipChange('kick'));
	route('POST', `${C}/rooms/{roomId}/ban`, membershipChange('ban'));
	route('POST', `${C}/rooms/{roomId}/unban`, membershipChange('unban'));
	route('GET', `${C}/rooms/{roomId}/joined_members`, ({ session, params }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		assertJoined(room, s.userId);
		const joined: Record<string, { display_name?: string }> = {};
		for (const event of room.state.values())
			if (event.type === 'm.room.member' && event.content.membership === 'join')
				joined[event.state_key!] = event.content.displayname ? { display_name: String(event.content.displayname) } : {};
		return { joined };
	});
	route('GET', `${C}/rooms/{roomId}/members`, ({ session, params }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		assertJoined(room, s.userId);
		return { chunk: [...room.state.values()].filter((e) => e.type === 'm.room.member').map((e) => eventForClient(e, s.token)) };
	});
	route('GET', `${C}/rooms/{roomId}/state`, ({ session, params }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		assertJoined(room, s.userId);
		return [...room.state.values()].map((e) => eventForClient(e, s.token));
	});
	const getState: Handler = ({ session, params }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		assertJoined(room, s.userId);
		const event = room.state.get(stateKey(decodeURIComponent(params[1]), params[2] === undefined ? '' : decodeURIComponent(params[2])));
		return event?.content ?? fail(404, 'M_NOT_FOUND', 'Event not found.');
	};
	const putState: Handler = ({ session, params, body }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		assertJoined(room, s.userId);
		const type = decodeURIComponent(params[1]);
		if (type === 'm.room.member') fail(400, 'M_BAD_JSON', 'Use the membership endpoints');
		if (powerOf(room, s.userId) < requiredPower(room, 'state_default')) fail(403, 'M_FORBIDDEN', 'Insufficient power level to send state');
		return { event_id: append(room, { type, sender: s.userId, state_key: params[2] === undefined ? '' : decodeURIComponent(params[2]), content: body ?? {} }).event_id };
	};
	route('GET', `${C}/rooms/{roomId}/state/{type}/{stateKey}`, getState);
	route('GET', `${C}/rooms/{roomId}/state/{type}`, getState);
	route('PUT', `${C}/rooms/{roomId}/state/{type}/{stateKey}`, putState);
	route('PUT', `${C}/rooms/{roomId}/state/{type}`, putState);
	route('PUT', `${C}/rooms/{roomId}/send/{type}/{txnId}`, ({ session, params, body }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		assertJoined(room, s.userId);
		const txnKey = `${s.token}|${s.userId}|${room.id}|${params[2]}`;
		const known = transactions.get(txnKey);
		if (known) return { event_id: known };
		const type = decodeURIComponent(params[1]);
		if (body === null || typeof body !== 'object' || Array.isArray(body)) fail(400, 'M_NOT_JSON', 'Content must be a JSON object');
		const event = append(room, { type, sender: s.userId, content: body }, { token: s.token, txnId: decodeURIComponent(params[2]) });
		transactions.set(txnKey, event.event_id);
		return { event_id: event.event_id };
	});
	route('PUT', `${C}/rooms/{roomId}/redact/{eventId}/{txnId}`, ({ session, params, body }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		assertJoined(room, s.userId);
		const txnKey = `${s.token}|${s.userId}|${room.id}|redact|${params[2]}`;
		const known = transactions.get(txnKey);
		if (known) return { event_id: known };
		const target = room.events.find((e) => e.event_id === decodeURIComponent(params[1])) ?? fail(404, 'M_NOT_FOUND', 'Event not found');
		if (target!.sender !== s.userId && powerOf(room, s.userId) < requiredPower(room, 'redact')) fail(403, 'M_FORBIDDEN', 'Insufficient power level to redact');
		const redaction = append(room, { type: 'm.room.redaction', sender: s.userId, content: { redacts: target!.event_id, ...(body?.reason ? { reason: body.reason } : {}) } }, { token: s.token, txnId: decodeURIComponent(params[2]) });
		// Redaction algorithm (room v11) for messages and reactions: the content goes.
		target!.content = {};
		target!.unsigned = { ...(target!.unsigned ?? {}), redacted_because: eventForClient(redaction, '') };
		transactions.set(txnKey, redaction.event_id);
		return { event_id: redaction.event_id };
	});
	route('GET', `${C}/rooms/{roomId}/event/{eventId}`, ({ session, params }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		assertJoined(room, s.userId);
		const event = room.events.find((e) => e.event_id === decodeURIComponent(params[1])) ?? fail(404, 'M_NOT_FOUND', 'Event not found');
		return eventForClient(event!, s.token);
	});
	route('GET', `${C}/rooms/{roomId}/messages`, ({ session, params, url }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		const membership = membershipOf(room, s.userId);
		if (membership !== 'join') fail(403, 'M_FORBIDDEN', 'You are not in the room');
		const dir = url.searchParams.get('dir') ?? 'b';
		if (dir !== 'b' && dir !== 'f') fail(400, 'M_INVALID_PARAM', 'dir must be b or f');
		const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 10) || 10, 1), 1000);
		const from = url.searchParams.get('from');
		const parsed = from ? /^(?:p(\d+)|s(\d+)_\d+)$/.exec(from) : null;
		if (from && !parsed) fail(400, 'M_INVALID_PARAM', 'Bad from token');
		const at = parsed ? Number(parsed[1] ?? parsed[2]) : dir === 'b' ? pos : 0;
		const chunk =
			dir === 'b'
				? room.events.filter((e) => e.pos <= at).reverse().slice(0, limit)
				: room.events.filter((e) => e.pos > at).slice(0, limit);
		const last = chunk.at(-1);
		const more = last && (dir === 'b' ? room.events[0].pos < last.pos : room.events.at(-1)!.pos > last.pos);
		const senders = new Set(chunk.map((e) => e.sender));
		return {
			start: from ?? `p${at}`,
			...(more ? { end: `p${dir === 'b' ? last!.pos - 1 : last!.pos}` } : {}),
			chunk: chunk.map((e) => eventForClient(e, s.token)),
			state: [...room.state.values()].filter((e) => e.type === 'm.room.member' && senders.has(e.state_key!)).map((e) => eventForClient(e, s.token))
		};
	});
	route('PUT', `${C}/rooms/{roomId}/typing/{userId}`, ({ session, params, body }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		if (decodeURIComponent(params[1]) !== s.userId) fail(403, 'M_FORBIDDEN', 'Cannot set typing for another user');
		assertJoined(room, s.userId);
		if (typeof body?.typing !== 'boolean') fail(400, 'M_BAD_JSON', 'typing is required');
		if (body.typing) room.typing.set(s.userId, Date.now() + Math.min(Number(body.timeout) || 30_000, 120_000));
		else room.typing.delete(s.userId);
		room.ephemeralPos = ++ephemeralPos;
		wake();
		return {};
	});
	route('POST', `${C}/rooms/{roomId}/receipt/{receiptType}/{eventId}`, ({ session, params }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		assertJoined(room, s.userId);
		const type = decodeURIComponent(params[1]);
		if (!['m.read', 'm.read.private', 'm.fully_read'].includes(type)) fail(400, 'M_INVALID_PARAM', 'Unknown receipt type');
		const eventId = decodeURIComponent(params[2]);
		if (!room.events.some((e) => e.event_id === eventId)) fail(404, 'M_NOT_FOUND', 'Event not found');
		if (type !== 'm.fully_read') {
			room.receipts.set(s.userId, { eventId, ts: Date.now() });
			room.ephemeralPos = ++ephemeralPos;
			wake();
		}
		return {};
	});
	route('POST', `${C}/rooms/{roomId}/read_markers`, ({ session, params, body }) => {
		const s = session();
		const room = roomOr404(decodeURIComponent(params[0]));
		assertJoined(room, s.userId);
		const eventId = body?.['m.read'] ?? body?.['m.read.private'];
		if (typeof eventId === 'string' && room.events.some((e) => e.event_id === eventId)) {
			room.receipts.set(s.userId, { eventId, ts: Date.now() });
			room.ephemeralPos = ++ephemeralPos;
			wake();
		}
		return {};
	});
	route('GET', `${C}/sync`, ({ session, url, signal }) => sync(session(), url, signal));
	route('GET', `${C}/voip/turnServer`, ({ session }) => {
		session();
		return {};
	});
	route('PUT', `${C}/presence/{userId}/status`, ({ session }) => {
		session();
		return {};
	});

	// ---- HTTP ----

	const sockets = new Set<Socket>();
	const server: Server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		response.setHeader('access-control-allow-origin', '*');
		response.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS');
		response.setHeader('access-control-allow-headers', 'X-Requested-With, Content-Type, Authorization');
		const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
			requests.push({ method: request.method ?? 'GET', path: url.pathname + url.search, status });
			if (response.writableEnded || response.destroyed) return;
			response.writeHead(status, { 'content-type': 'application/json', ...headers });
			response.end(JSON.stringify(body));
		};
		if (request.method === 'OPTIONS') return send(204, {});
		const controller = new AbortController();
		response.on('close', () => controller.abort());
		try {
			const chunks: Buffer[] = [];
			for await (const chunk of request) chunks.push(chunk as Buffer);
			const raw = Buffer.concat(chunks).toString('utf8');
			let body: unknown;
			if (raw) {
				try {
					body = JSON.parse(raw);
				} catch {
					fail(400, 'M_NOT_JSON', 'Content not JSON.');
				}
			}
			const authorization = request.headers.authorization ?? '';
			if (rateLimited.count > 0 && (authorization === `Bearer ${asToken}` || url.searchParams.get('access_token') === asToken)) {
				rateLimited.count -= 1;
				const retryAfterMs = rateLimited.retryAfterMs;
				return send(429, { errcode: 'M_LIMIT_EXCEEDED', error: 'Too many requests', retry_after_ms: retryAfterMs }, { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) });
			}
			const matching = routes.filter((r) => r.pattern.test(url.pathname));
			const found = matching.find((r) => r.method === request.method);
			if (!found) {
				if (matching.length) return send(405, { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
				return send(404, { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
			}
			const params = found.pattern.exec(url.pathname)!.slice(1);
			let cached: ReturnType<typeof authenticate> | undefined;
			const result = await found.handler({ session: () => (cached ??= authenticate(request, url)), body, params, url, request, signal: controller.signal });
			send(200, result);
		} catch (error) {
			if (error instanceof MatrixHttpError) return send(error.status, { errcode: error.errcode, error: error.message, ...error.extra });
			send(500, { errcode: 'M_UNKNOWN', error: String(error) });
		}
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	let port = options.port ?? 0;
	const listen = () =>
		new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => {
				server.off('error', reject);
				port = (server.address() as AddressInfo).port;
				resolve();
			});
		});
	await listen();
	let listening = true;
	const stop = async () => {
		if (!listening) return;
		listening = false;
		const closed = new Promise<void>((resolve) => server.close(() => resolve()));
		for (const socket of sockets) socket.destroy();
		wake();
		await closed;
	};

	return {
		url: `http://127.0.0.1:${port}`,
		serverName,
		asToken,
		hsToken,
		botUserId,
		requests,
		stop,
		async start() {
			if (listening) return;
			await listen();
			listening = true;
		},
		rateLimitNext(count, retryAfterMs) {
			rateLimited = { count, retryAfterMs };
		},
		roomIdByAlias: (alias) => aliases.get(alias),
		joinedMembers: (roomId) =>
			[...(rooms.get(roomId)?.state.values() ?? [])].filter((e) => e.type === 'm.room.member' && e.content.membership === 'join').map((e) => e.state_key!).sort(),
		membership: (roomId, userId) => {
			const room = rooms.get(roomId);
			return room ? membershipOf(room, userId) : undefined;
		},
		messages: (roomId) => (rooms.get(roomId)?.events ?? []).filter((e) => e.type === 'm.room.message').map((e) => eventForClient(e, '')),
		forceMembership(roomId, userId, membership) {
			const room = roomOr404(roomId);
			setMember(room, membership === 'join' ? userId : botUserId, userId, membership);
		},
		registerOutsider(localpart) {
			const userId = `@${localpart}:${serverName}`;
			if (userNamespace.test(userId)) throw new Error('That user is in the application service namespace');
			ensureUser(userId);
			const accessToken = `syt_${opaque(24)}`;
			tokens.set(accessToken, { userId, deviceId: opaque(8).toUpperCase() });
			return { userId, accessToken };
		},
		close: stop
	};
}
