import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { promoteAmendment } from '#lib/features/proposals/server/amendments.js';
import { amendmentOr404, presentProposals } from '#lib/features/proposals/server/lookup.js';
import { endpoint } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** The author of a rejected amendment publishes it as a proposal of its own. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const { amendment, access } = await amendmentOr404(db, event.params.id, event.locals.actor);
	const { proposal } = await promoteAmendment(db, event.locals.actor, access, amendment);
	const [item] = await presentProposals(db, access, [proposal], event.locals.actor, siteUrl(event));
	return json(item, { status: 201 });
});
