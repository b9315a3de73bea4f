import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { serviceUpdateInput } from '#lib/features/streetreports/api.js';
import { receiveServiceUpdate } from '#lib/features/streetreports/server/forwarding.js';
import { ApiError } from '#lib/server/api/errors.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/**
 * Status updates pushed by a reporting service, shaped like FixMyStreet's `servicerequestupdates`
 * fields, as JSON; the connector's `api_key` authenticates the caller. (A form-encoded POST from
 * another server carries no Origin, so the framework's CSRF check refuses it before this runs.)
 */
export const POST: RequestHandler = endpoint(async (event) => {
	const input = parse(serviceUpdateInput, await readJson(event), event);
	const result = await receiveServiceUpdate(getRuntime().database.db, input);
	if (!result) throw new ApiError('forbidden', 'streetreports.error.unknownServiceRequest');
	if ('unknownStatus' in result) throw new ApiError('validation_failed', 'error.validation', { status: 'validation.choice' });
	getRuntime().outbox.kick();
	return json([{ update_id: input.update_id }]);
});
