import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { actAdoptInput } from '#lib/features/publications/api.js';
import { adoptAct, toActJson } from '#lib/features/publications/server/acts.js';
import { decodeBase64Files } from '#lib/server/files/base64-files.js';
import { endpoint, parse, readJson, requireUser } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	requireUser(event);
	const input = parse(actAdoptInput, await readJson(event), event);
	const adopted = await adoptAct(getRuntime().database.db, event.locals.actor, { ...input, attachments: decodeBase64Files(input.attachments) });
	getRuntime().outbox.kick();
	return json(toActJson(adopted, siteUrl(event)), { status: 201 });
});
