import type { RequestHandler } from './$types';
import { revokeApiToken } from '#lib/features/accounts/server/api-tokens.js';
import { ApiError } from '#lib/server/api/errors.js';
import { authorize, endpoint, requireUser } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';
import { isUuid } from '#lib/server/api/validation.js';

export const DELETE: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	authorize(event, 'apiToken.manage', { userId: user.id });
	const id = event.params.id;
	if (!isUuid(id) || !(await revokeApiToken(getRuntime().database.db, user.id, id)))
		throw new ApiError('not_found', `No active token ${id}`);
	return new Response(null, { status: 204 });
});
