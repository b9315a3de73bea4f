import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { reportInput } from '#lib/features/moderation/api.js';
import { reportContent } from '#lib/features/moderation/server/moderation.js';
import { endpoint, parse, readJson } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	const input = parse(reportInput, await readJson(event), event);
	const result = await reportContent(getRuntime().database.db, event.locals.actor, input, { siteUrl: siteUrl(event) });
	return json({ target: { type: input.targetType, id: input.targetId }, report_count: result.reportCount, hidden: result.hidden }, { status: 201 });
});
