import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiTokenInput } from '#lib/features/accounts/api.js';
import { createApiToken, listApiTokens } from '#lib/features/accounts/server/api-tokens.js';
import { toApiTokenJson } from '#lib/features/accounts/server/present.js';
import { authorize, endpoint, parse, readJson, requireUser } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

export const GET: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	authorize(event, 'apiToken.manage', { userId: user.id });
	const tokens = await listApiTokens(getRuntime().database.db, user.id);
	return json({ items: tokens.map(toApiTokenJson), next_cursor: null });
});

export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	authorize(event, 'apiToken.manage', { userId: user.id });
	const input = parse(apiTokenInput, await readJson(event), event);
	const { token, record } = await createApiToken(getRuntime().database.db, user.id, input);
	return json({ ...toApiTokenJson(record), token }, { status: 201 });
});
