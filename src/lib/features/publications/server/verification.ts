import { ApiError } from '#lib/server/api/errors.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import { RateLimiter, rateLimitHeaders } from '#lib/server/http/rate-limit.js';
import { verifyHash } from './acts.js';
import { sha256Hex } from './render.js';

/** Checking is cheap for us but lets anyone probe hashes: 30 checks a minute per address, page and API together. */
const checks = new RateLimiter(30, 60_000);

export function assertVerificationAllowed(address: string) {
	const state = checks.hit(`verify:${address}`);
	if (!state.allowed) throw new ApiError('rate_limited', 'publications.verify.rateLimited', undefined, rateLimitHeaders(state));
}

/** Which published act an uploaded file or a given hash belongs to. */
export function verify(db: DbOrTx, input: { sha256: string } | { bytes: Uint8Array }) {
	return verifyHash(db, 'sha256' in input ? input.sha256 : sha256Hex(input.bytes));
}

/** Uploaded files above this are refused before hashing (the largest act file we store is 5 MB). */
export const MAX_VERIFIED_FILE_BYTES = 10 * 1024 * 1024;
