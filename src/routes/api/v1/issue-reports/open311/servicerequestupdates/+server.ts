import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { serviceUpdateInput } from '#lib/features/streetreports/api.js';
import { receiveServiceUpdate } from '#lib/features/streetreports/server/forwarding.js';
import { readPostBody } from '#lib/features/streetreports/server/open311-http.js';
import { ApiError } from '#lib/server/api/errors.js';
import { endpoint, parse } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/**
 * Status updates pushed by a reporting service, shaped like FixMyStreet's `servicerequestupdates`
 * fields, form-encoded (as FixMyStreet and back offices send them) or JSON; the connector's
 * `api_key` authenticates the caller, never a cookie (`server.js` lets these posts through the
 * framework's CSRF check only after removing their cookies).
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const input = parse(serviceUpdateInput, await readPostBody(event), event);
	const result = await receiveServiceUpdate(getRuntime().database.db, input);
	if (!result) throw new ApiError('forbidden', 'streetreports.error.unknownServiceRequest');
	if ('unknownStatus' in result) throw new ApiError('validation_failed', 'error.validation', { status: 'validation.choice' });
	getRuntime().outbox.kick();
	return json([{ update_id: input.update_id }]);
});
