import { desc } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Db, DbOrTx } from '../db/client.js';
import { mailMessages, type MailAttachment } from '../db/schema.js';
import { enqueue } from '../outbox/outbox.js';

export interface MailMessage {
	to: string;
	subject: string;
	text: string;
	/** Text attachments; a `text/calendar` one is also sent as the message's calendar invitation. */
	attachments?: MailAttachment[];
}

export const MAIL_JOB = 'mail.send';

/** Queues an e-mail in the caller's transaction; the outbox worker delivers it. */
export function queueMail(tx: DbOrTx, message: MailMessage) {
	return enqueue(tx, MAIL_JOB, { ...message });
}

/** Delivery through SMTP when configured, else into the development mailbox table. */
export function mailDelivery(db: Db, options: { smtpUrl?: string; from: string }): (payload: Record<string, unknown>) => Promise<void> {
	if (options.smtpUrl) {
		const transport = nodemailer.createTransport(options.smtpUrl);
		return async (payload) => {
			const message = payload as unknown as MailMessage;
			const attachments = message.attachments ?? [];
			const invitation = attachments.find((a) => a.contentType.startsWith('text/calendar'));
			await transport.sendMail({
				from: options.from,
				to: message.to,
				subject: message.subject,
				text: message.text,
				attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
				...(invitation ? { icalEvent: { filename: invitation.filename, method: 'PUBLISH', content: invitation.content } } : {})
			});
		};
	}
	return async (payload) => {
		const message = payload as unknown as MailMessage;
		await db.insert(mailMessages).values({ to: message.to, subject: message.subject, text: message.text, attachments: message.attachments ?? [] });
	};
}

export function listMailbox(db: DbOrTx, limit = 50) {
	return db.select().from(mailMessages).orderBy(desc(mailMessages.createdAt)).limit(limit);
}
