import { z } from 'zod';
import { base64FileInput, type UploadedFile } from '#lib/server/files/base64-files.js';
import { actTypes } from './schema.js';

const isoDate = z.iso.date({ error: 'publications.validation.date' }).describe('Calendar date, YYYY-MM-DD.');
const sha256 = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^[0-9a-f]{64}$/, 'publications.validation.sha256')
	.describe('SHA-256 of a file, 64 hexadecimal digits.');

/** Up to 5 files of 5 MB, sent as base64 in the API; their type is read from their content. */
export const attachmentInput = base64FileInput('PDF, JPEG, PNG, GIF, WebP, OpenDocument (odt, ods, odp) or Office Open XML (docx, xlsx, pptx).');

export const actAdoptInput = z.object({
	version_id: z.uuid({ error: 'publications.validation.version' }).describe('The frozen document version to adopt.'),
	type: z.enum(actTypes),
	number: z
		.string()
		.trim()
		.max(40)
		.regex(/^[\p{L}\p{N}][\p{L}\p{N}/._-]*$/u, 'publications.validation.number')
		.optional()
		.describe('Absent: the next number of the year and type (DEL-2026-001).'),
	adopted_on: isoDate,
	signatory_name: z.string().trim().min(2).max(120),
	signatory_title: z.string().trim().min(2).max(120).describe('e.g. « Maire », « Adjointe aux finances ».'),
	subject: z.string().trim().min(3).max(300),
	category: z.string().trim().max(120).optional(),
	corrects: z.uuid({ error: 'validation.invalid' }).optional().describe('Id of the act this one corrects.'),
	publish_at: z.iso.datetime({ offset: true, error: 'publications.validation.dateTime' }).optional().describe('Absent: published at once.'),
	attachments: z.array(attachmentInput).default([]).describe('Annexes, frozen with their SHA-256 like the renderings.')
});
/** An adoption as the domain takes it: attachments as bytes, from the API's base64 or a form's files. */
export type ActAdoptInput = Omit<z.output<typeof actAdoptInput>, 'attachments'> & { attachments: UploadedFile[] };

export const actWithdrawInput = z.object({ reason: z.string().trim().min(3).max(2000) });

export const registerQuery = z.object({
	q: z.string().trim().max(200).optional().describe('Full-text search in number, title, subject and text (French stemming).'),
	type: z.enum(actTypes).optional(),
	number: z.string().trim().max(40).optional(),
	subject: z.string().trim().max(200).optional().describe('Words of the subject or category.'),
	from: isoDate.optional().describe('Adopted on or after.'),
	to: isoDate.optional().describe('Adopted on or before.'),
	cursor: z.string().optional().describe('Opaque cursor returned as `next_cursor`.'),
	limit: z.coerce.number().int().min(1).max(100).default(20)
});
export type RegisterQuery = z.output<typeof registerQuery>;

export const verifyHashInput = z.object({ sha256 });

const fileOutput = z.object({ filename: z.string(), content_type: z.string(), size: z.number().int(), sha256: z.string(), url: z.string() });

export const actOutput = z.object({
	id: z.uuid(),
	organisation: z.string(),
	type: z.enum(actTypes),
	number: z.string(),
	title: z.string(),
	subject: z.string(),
	category: z.string().nullable(),
	adopted_on: z.string(),
	signatory: z.object({ name: z.string(), title: z.string() }),
	published_at: z.iso.datetime(),
	withdrawn_at: z.iso.datetime().nullable(),
	withdrawal_reason: z.string().nullable(),
	corrects: z.object({ id: z.uuid(), number: z.string() }).nullable(),
	corrected_by: z.array(z.object({ id: z.uuid(), number: z.string() })),
	pdf: fileOutput,
	html: fileOutput,
	attachments: z.array(fileOutput),
	url: z.string()
});

export const verificationOutput = z.object({
	match: z.boolean(),
	sha256: z.string(),
	/** The act the file belongs to, when it matches one published. */
	act: actOutput.nullable(),
	file: z.enum(['pdf', 'html', 'attachment']).nullable()
});
