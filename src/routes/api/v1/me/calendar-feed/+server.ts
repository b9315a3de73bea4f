import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { personalFeedPath, revokeFeedToken, rotateFeedToken } from '#lib/features/meetings/server/feeds.js';
import { endpoint, requireUser } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Creates (or replaces) the caller's secret personal feed URL; the previous one stops working. */
export const POST: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	const secret = await rotateFeedToken(getRuntime().database.db, user.id);
	return json({ url: `${siteUrl(event)}${personalFeedPath(secret)}` }, { status: 201 });
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	await revokeFeedToken(getRuntime().database.db, user.id);
	return new Response(null, { status: 204 });
});
