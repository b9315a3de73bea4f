import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { listMailbox } from '#lib/server/mail/mail.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Only when no SMTP server is configured (or DEV_MAILBOX=on): see the README. */
export const load: PageServerLoad = async ({ setHeaders }) => {
	const runtime = getRuntime();
	if (!runtime.config.devMailbox) error(404);
	setHeaders({ 'cache-control': 'no-store' });
	const messages = await listMailbox(runtime.database.db);
	return { messages: messages.map((m) => ({ ...m, attachments: m.attachments.map(({ filename, contentType }) => ({ filename, contentType })), createdAt: m.createdAt.toISOString() })) };
};
