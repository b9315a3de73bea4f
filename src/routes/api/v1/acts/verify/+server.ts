import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { verifyHashInput } from '#lib/features/publications/api.js';
import { toActJson } from '#lib/features/publications/server/acts.js';
import { assertVerificationAllowed, MAX_VERIFIED_FILE_BYTES, verify } from '#lib/features/publications/server/verification.js';
import { ApiError } from '#lib/server/api/errors.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** JSON `{ "sha256": "…" }`, or the file itself as the request body (any other content type). */
export const POST: RequestHandler = endpoint(async (event) => {
	assertVerificationAllowed(event.getClientAddress());
	const { db } = getRuntime().database;
	const json_ = (event.request.headers.get('content-type') ?? '').includes('application/json');
	let input: { sha256: string } | { bytes: Uint8Array };
	if (json_) input = parse(verifyHashInput, await readJson(event), event);
	else {
		const bytes = new Uint8Array(await event.request.arrayBuffer());
		if (!bytes.length) throw new ApiError('bad_request', 'publications.verify.empty');
		if (bytes.length > MAX_VERIFIED_FILE_BYTES) throw new ApiError('payload_too_large', 'error.tooLarge');
		input = { bytes };
	}
	const result = await verify(db, input);
	return json({ match: result.match, sha256: result.sha256, act: result.act ? toActJson(result.act, siteUrl(event)) : null, file: result.kind });
});
