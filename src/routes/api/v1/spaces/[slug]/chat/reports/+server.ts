import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { chatReportInput } from '#lib/features/chat/api.js';
import { chatOr404, withHomeserver } from '#lib/features/chat/server/chat.js';
import { reportChatMessage } from '#lib/features/chat/server/reports.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { endpoint, parse, readJson, requireUser } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	requireUser(event);
	const matrix = chatOr404();
	const { db } = getRuntime().database;
	const access = await spaceOr404(db, event.params.slug, event.locals.actor);
	const input = parse(chatReportInput, await readJson(event), event);
	const result = await withHomeserver(() => reportChatMessage(db, matrix, event.locals.actor, access, input, { siteUrl: siteUrl(event) }));
	getRuntime().outbox.kick();
	return json({ id: result.id, report_count: result.reportCount, hidden: result.hidden }, { status: 201 });
});
