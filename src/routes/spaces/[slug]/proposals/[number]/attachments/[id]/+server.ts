import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { readAttachment } from '#lib/features/proposals/server/attachments.js';
import { proposalOr404, spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { ApiError } from '#lib/server/api/errors.js';
import { getRuntime } from '#lib/server/runtime.js';

/** An attachment's bytes, for whoever may see the proposal; the type is the one checked at upload. */
export const GET: RequestHandler = async (event) => {
	const { db } = getRuntime().database;
	try {
		const access = await spaceOr404(db, event.params.slug, event.locals.actor);
		const { proposal } = await proposalOr404(db, access, event.params.number, event.locals.actor);
		const attachment = await readAttachment(db, proposal.id, event.params.id);
		if (!attachment) error(404);
		const inline = attachment.mediaType.startsWith('image/') || attachment.mediaType === 'application/pdf';
		return new Response(Buffer.from(attachment.content, 'base64'), {
			headers: {
				'content-type': attachment.mediaType,
				'content-length': String(attachment.size),
				'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
				'cache-control': access.space.visibility === 'public' && proposal.state !== 'draft' ? 'public, max-age=3600' : 'private, no-store',
				etag: `"${attachment.sha256}"`
			}
		});
	} catch (caught) {
		if (caught instanceof ApiError) error(caught.status);
		throw caught;
	}
};
