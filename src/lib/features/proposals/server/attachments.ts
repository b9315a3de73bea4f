import { createHash } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import type { Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { proposalAttachments } from '#lib/server/db/schema.js';
import { lockProposal } from './text.js';
import type { ProposalAccess } from './proposals.js';
import { isUuid } from '#lib/server/api/validation.js';
import { cleanFilename, detectMediaType, IMAGE_AND_PDF_TYPES } from '#lib/server/files/media-types.js';

/**
 * Under the 1 MB limit of ordinary requests (server/hooks/body-limit.ts; often the proxy's too) with room for the
 * rest of the form; larger files would need the upload route listed there as a file route.
 */
export const MAX_ATTACHMENT_BYTES = 900 * 1024;
export const MAX_ATTACHMENTS = 10;

export async function addAttachment(db: Db, actor: Actor, access: ProposalAccess, file: { name: string; bytes: Uint8Array }) {
	assertCan(actor, 'proposal.edit', access.resource);
	if (!['draft', 'published'].includes(access.proposal.state)) throw new ApiError('conflict', 'proposal.notEditable');
	if (file.bytes.length === 0) throw new ApiError('validation_failed', 'form.invalid', { file: 'validation.required' });
	if (file.bytes.length > MAX_ATTACHMENT_BYTES)
		throw new ApiError('validation_failed', 'form.invalid', { file: 'attachment.tooLarge' }, undefined, { max: Math.floor(MAX_ATTACHMENT_BYTES / 1024) });
	const mediaType = detectMediaType(file.bytes, IMAGE_AND_PDF_TYPES);
	if (!mediaType) throw new ApiError('validation_failed', 'form.invalid', { file: 'attachment.badType' });
	return db.transaction(async (tx) => {
		await lockProposal(tx, access.proposal.id);
		const [{ count }] = await tx
			.select({ count: sql<number>`count(*)::int` })
			.from(proposalAttachments)
			.where(eq(proposalAttachments.proposalId, access.proposal.id));
		if (count >= MAX_ATTACHMENTS) throw new ApiError('conflict', 'attachment.tooMany', undefined, undefined, { max: MAX_ATTACHMENTS });
		const [row] = await tx
			.insert(proposalAttachments)
			.values({
				proposalId: access.proposal.id,
				filename: cleanFilename(file.name, mediaType),
				mediaType,
				size: file.bytes.length,
				sha256: createHash('sha256').update(file.bytes).digest('hex'),
				content: Buffer.from(file.bytes).toString('base64')
			})
			.returning({ id: proposalAttachments.id, filename: proposalAttachments.filename, mediaType: proposalAttachments.mediaType, size: proposalAttachments.size });
		return row;
	});
}

export async function removeAttachment(db: Db, actor: Actor, access: ProposalAccess, attachmentId: string) {
	assertCan(actor, 'proposal.edit', access.resource);
	if (!isUuid(attachmentId)) throw new ApiError('not_found', 'error.notFound');
	const removed = await db
		.delete(proposalAttachments)
		.where(and(eq(proposalAttachments.id, attachmentId), eq(proposalAttachments.proposalId, access.proposal.id)))
		.returning({ id: proposalAttachments.id });
	if (!removed.length) throw new ApiError('not_found', 'error.notFound');
}

export function listAttachments(db: DbOrTx, proposalId: string) {
	return db
		.select({ id: proposalAttachments.id, filename: proposalAttachments.filename, mediaType: proposalAttachments.mediaType, size: proposalAttachments.size })
		.from(proposalAttachments)
		.where(eq(proposalAttachments.proposalId, proposalId))
		.orderBy(asc(proposalAttachments.createdAt));
}

export async function readAttachment(db: DbOrTx, proposalId: string, attachmentId: string) {
	if (!isUuid(attachmentId)) return undefined;
	const [row] = await db
		.select()
		.from(proposalAttachments)
		.where(and(eq(proposalAttachments.id, attachmentId), eq(proposalAttachments.proposalId, proposalId)));
	return row;
}
