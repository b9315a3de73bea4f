import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { addAttachment, listAttachments } from '#lib/features/proposals/server/attachments.js';
import { proposalByIdOr404 } from '#lib/features/proposals/server/lookup.js';
import type { ProposalAccess } from '#lib/features/proposals/server/proposals.js';
import { ApiError } from '#lib/server/api/errors.js';
import { endpoint, isPayloadTooLarge } from '#lib/server/api/endpoint.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

const toJson = (access: ProposalAccess, base: string, file: { id: string; filename: string; mediaType: string; size: number }) => ({
	id: file.id,
	filename: file.filename,
	media_type: file.mediaType,
	size: file.size,
	url: `${base}/spaces/${access.space.slug}/proposals/${access.proposal.number}/attachments/${file.id}`
});

export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await proposalByIdOr404(db, event.params.id, event.locals.actor);
	const files = await listAttachments(db, access.proposal.id);
	return json({ items: files.map((file) => toJson(access, siteUrl(event), file)), next_cursor: null });
});

/** The request body is the file itself; `?filename=` names it. Its type is read from its bytes. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const access = await proposalByIdOr404(db, event.params.id, event.locals.actor);
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await event.request.arrayBuffer());
	} catch (error) {
		if (isPayloadTooLarge(error)) throw new ApiError('payload_too_large', 'error.tooLarge');
		throw new ApiError('bad_request', 'error.badRequest');
	}
	const name = event.url.searchParams.get('filename')?.slice(0, 200) || 'piece-jointe';
	const file = await addAttachment(db, event.locals.actor, access, { name, bytes });
	return json(toJson(access, siteUrl(event), file), { status: 201 });
});
