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

/**
 * Under the server's request body limit (BODY_SIZE_LIMIT, 1 MB by default) with room for the
 * rest of the form; raise both together to accept larger files.
 */
export const MAX_ATTACHMENT_BYTES = 900 * 1024;
export const MAX_ATTACHMENTS = 10;

const signatures: { mediaType: string; test: (bytes: Uint8Array) => boolean }[] = [
	{ mediaType: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
	{ mediaType: 'image/png', test: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, i) => b[i] === byte) },
	{ mediaType: 'image/gif', test: (b) => ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a' },
	{ mediaType: 'image/webp', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
	{ mediaType: 'application/pdf', test: (b) => ascii(b, 0, 5) === '%PDF-' }
];
const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** The type of a file from its first bytes (never from its name or the browser's claim); null if not accepted. */
export function detectMediaType(bytes: Uint8Array): string | null {
	return signatures.find((signature) => signature.test(bytes))?.mediaType ?? null;
}

/** A file name safe to show and to put in a Content-Disposition header. */
export function cleanFilename(name: string, mediaType: string) {
	const base = name.replace(/^.*[\\/]/, '').replace(/[\u0000-\u001f\u007f"\\]/g, '').trim().slice(0, 120);
	const extension = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'application/pdf': 'pdf' }[mediaType];
	return base || `fichier.${extension}`;
}

export async function addAttachment(db: Db, actor: Actor, access: ProposalAccess, file: { name: string; bytes: Uint8Array }) {
	assertCan(actor, 'proposal.edit', access.resource);
	if (!['draft', 'published'].includes(access.proposal.state)) throw new ApiError('conflict', 'proposal.notEditable');
	if (file.bytes.length === 0) throw new ApiError('validation_failed', 'form.invalid', { file: 'validation.required' });
	if (file.bytes.length > MAX_ATTACHMENT_BYTES)
		throw new ApiError('validation_failed', 'form.invalid', { file: 'attachment.tooLarge' }, undefined, { max: Math.floor(MAX_ATTACHMENT_BYTES / 1024) });
	const mediaType = detectMediaType(file.bytes);
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
