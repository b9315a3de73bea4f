import { error } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { RequestHandler } from './$types';
import { isUuid } from '#lib/server/api/validation.js';
import { mailMessages } from '#lib/server/db/schema.js';
import { getRuntime } from '#lib/server/runtime.js';

/** One attachment of a development-mailbox message, downloaded as sent. */
export const GET: RequestHandler = async ({ params }) => {
	const runtime = getRuntime();
	if (!runtime.config.devMailbox || !isUuid(params.id) || !/^\d{1,3}$/.test(params.index)) error(404);
	const [message] = await runtime.database.db.select({ attachments: mailMessages.attachments }).from(mailMessages).where(eq(mailMessages.id, params.id));
	const attachment = message?.attachments[Number(params.index)];
	if (!attachment) error(404);
	return new Response(attachment.content, {
		headers: {
			'content-type': attachment.contentType,
			'content-disposition': `attachment; filename="${attachment.filename.replace(/[^\w.-]/g, '_')}"`,
			'cache-control': 'no-store'
		}
	});
};
