import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { decisionInput } from '#lib/features/moderation/api.js';
import { decide } from '#lib/features/moderation/server/moderation.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const input = parse(decisionInput, await readJson(event), event);
	const row = await decide(getRuntime().database.db, event.locals.actor, input, { siteUrl: siteUrl(event) });
	return json({ target: { type: row.targetType, id: row.targetId }, state: row.state, hidden: row.hiddenAt !== null });
});
