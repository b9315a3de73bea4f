import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { actWithdrawInput } from '#lib/features/publications/api.js';
import { findAct, toActJson, withdrawAct } from '#lib/features/publications/server/acts.js';
import { endpoint, parse, readJson, requireUser } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const POST: RequestHandler = endpoint(async (event) => {
	requireUser(event);
	const { db } = getRuntime().database;
	const { reason } = parse(actWithdrawInput, await readJson(event), event);
	await withdrawAct(db, event.locals.actor, event.params.id, reason);
	getRuntime().outbox.kick();
	return json(toActJson((await findAct(db, event.params.id))!, siteUrl(event)));
});
