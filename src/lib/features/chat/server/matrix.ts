import type { MatrixConfig } from '#lib/server/config.js';
import { PermanentDeliveryError, RetryLaterError } from '#lib/server/outbox/outbox.js';

/**
 * The homeserver as the application service sees it: Client-Server API calls authenticated with
 * the `as_token`, acting as the bot (the registration's `sender_localpart`) or, with the spec's
 * `user_id` query parameter, as one of the users in the service's namespace.
 */
export class MatrixError extends Error {
	constructor(
		readonly status: number,
		readonly errcode: string,
		message: string,
		readonly retryAfterMs?: number
	) {
		super(message);
	}
}

export interface MatrixClient {
	config: MatrixConfig;
	botUserId: string;
	request<T = Record<string, unknown>>(method: string, path: string, options?: { body?: unknown; asUser?: string; query?: Record<string, string> }): Promise<T>;
}

/** Inline waits for a short 429 before handing the delay to the outbox (which waits at least as long). */
const INLINE_RETRY_LIMIT_MS = 2_000;
const REQUEST_TIMEOUT_MS = 15_000;

export const BOT_LOCALPART_SUFFIX = 'bot';

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function matrixUserId(config: MatrixConfig, localpart: string) {
	return `@${localpart}:${config.serverName}`;
}

/** The Matrix localpart of a Parvis user: the prefix and the account id, stable and opaque. */
export function localpartFor(config: MatrixConfig, parvisUserId: string) {
	return `${config.userPrefix}${parvisUserId.replaceAll('-', '')}`;
}

export function botUserIdOf(config: MatrixConfig) {
	return matrixUserId(config, `${config.userPrefix}${BOT_LOCALPART_SUFFIX}`);
}

export function createMatrixClient(config: MatrixConfig, fetchImpl: typeof fetch = fetch): MatrixClient {
	const botUserId = botUserIdOf(config);
	return {
		config,
		botUserId,
		async request<T>(method: string, path: string, options: { body?: unknown; asUser?: string; query?: Record<string, string> } = {}): Promise<T> {
			const url = new URL(`${config.homeserverUrl}/_matrix/client/v3${path}`);
			for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
			if (options.asUser && options.asUser !== botUserId) url.searchParams.set('user_id', options.asUser);
			for (let attempt = 1; ; attempt++) {
				let response: Response;
				try {
					response = await fetchImpl(url, {
						method,
						headers: { authorization: `Bearer ${config.asToken}`, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
						body: options.body === undefined ? undefined : JSON.stringify(options.body),
						signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
					});
				} catch (error) {
					throw new Error(`homeserver unreachable (${method} ${path}): ${error instanceof Error ? error.message : String(error)}`);
				}
				const text = await response.text();
				let body: Record<string, unknown> = {};
				try {
					body = text ? JSON.parse(text) : {};
				} catch {
					body = {};
				}
				if (response.ok) return body as T;
				const errcode = typeof body.errcode === 'string' ? body.errcode : 'M_UNKNOWN';
				const message = `${method} ${path}: ${response.status} ${errcode} ${typeof body.error === 'string' ? body.error : ''}`.trim();
				if (response.status === 429) {
					const header = Number(response.headers.get('retry-after'));
					const retryAfterMs = typeof body.retry_after_ms === 'number' ? body.retry_after_ms : Number.isFinite(header) && header > 0 ? header * 1000 : 5_000;
					if (attempt === 1 && retryAfterMs <= INLINE_RETRY_LIMIT_MS) {
						await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
						continue;
					}
					throw new RetryLaterError(message, retryAfterMs);
				}
				throw new MatrixError(response.status, errcode, message);
			}
		}
	};
}

/** A MatrixError that retrying will not fix (bad request, forbidden…), for the outbox. */
export function asDeliveryError(error: unknown) {
	if (error instanceof MatrixError && error.status >= 400 && error.status < 500 && error.status !== 408)
		return new PermanentDeliveryError(error.message);
	return error;
}

const enc = encodeURIComponent;
export const paths = {
	register: () => '/register',
	login: () => '/login',
	createRoom: () => '/createRoom',
	alias: (alias: string) => `/directory/room/${enc(alias)}`,
	invite: (roomId: string) => `/rooms/${enc(roomId)}/invite`,
	kick: (roomId: string) => `/rooms/${enc(roomId)}/kick`,
	ban: (roomId: string) => `/rooms/${enc(roomId)}/ban`,
	unban: (roomId: string) => `/rooms/${enc(roomId)}/unban`,
	members: (roomId: string) => `/rooms/${enc(roomId)}/members`,
	join: (roomIdOrAlias: string) => `/join/${enc(roomIdOrAlias)}`,
	joinedMembers: (roomId: string) => `/rooms/${enc(roomId)}/joined_members`,
	send: (roomId: string, type: string, txnId: string) => `/rooms/${enc(roomId)}/send/${enc(type)}/${enc(txnId)}`,
	state: (roomId: string, type: string, stateKey = '') => `/rooms/${enc(roomId)}/state/${enc(type)}/${enc(stateKey)}`,
	event: (roomId: string, eventId: string) => `/rooms/${enc(roomId)}/event/${enc(eventId)}`,
	redact: (roomId: string, eventId: string, txnId: string) => `/rooms/${enc(roomId)}/redact/${enc(eventId)}/${enc(txnId)}`,
	displayName: (userId: string) => `/profile/${enc(userId)}/displayname`
};
