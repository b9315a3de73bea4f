import { z } from 'zod';
import { emailField } from '../accounts/api.js';
import { commentBody, commentOutput } from '../comments/api.js';
import { documentAttachmentKinds, documentRoles, documentVisibilities } from './schema.js';

/** One schema per input: the forms, the API and the OpenAPI document share these. */
const importFormat = z.enum(['markdown', 'html', 'docx']).default('markdown').describe('`docx`: a Word file, base64-encoded (.odt is not supported).');
const title = z.string().trim().min(2).max(200);

export const documentCreateInput = z.object({
	title,
	visibility: z.enum(documentVisibilities).default('restricted').describe('`space`: readable by everyone who reads the space; `restricted`: only people given a role.'),
	attached_kind: z.enum(documentAttachmentKinds).optional().describe('What the document is attached to (with attached_id).'),
	attached_id: z.uuid().optional(),
	/** Initial content, in `format`. */
	content: z.string().max(500_000).optional().describe('Initial content (Markdown, HTML or a base64 .docx file, see format).'),
	format: importFormat
});

export const documentUpdateInput = z.object({
	title: title.optional(),
	visibility: z.enum(documentVisibilities).optional()
});

export const contentInput = z.object({
	content: z.string().max(500_000).describe('Markdown, HTML, or a .docx file in base64 (about 370 KB at most).'),
	format: importFormat,
	version_name: z.string().trim().min(2).max(200).optional().describe('Save the imported content as a named version too.')
});

export const versionCreateInput = z.object({
	name: z.string().trim().min(2).max(200).describe('E.g. “Version présentée au conseil”.')
});

export const memberInput = z.object({
	role: z.enum(documentRoles)
});

/** The members form: a person by e-mail address, and a role (or removal). */
export const memberForm = z.object({
	email: emailField,
	role: z.enum([...documentRoles, 'none'])
});

export const renderFormat = z.enum(['html', 'markdown', 'json']).default('html');

export const documentListQuery = z.object({
	cursor: z.string().optional().describe('Opaque cursor returned as `next_cursor` by the previous page.'),
	limit: z.coerce.number().int().min(1).max(100).default(20).describe('Items per page (1–100, default 20).')
});

export const renderQuery = z.object({ format: renderFormat.describe('`html` (sanitised, deterministic), `markdown` or `json` (ProseMirror).') });
export const diffQuery = z.object({
	from: z.string().describe('A version id, or `current`.'),
	to: z.string().default('current').describe('A version id, or `current` (default).')
});

export const documentOutput = z.object({
	id: z.uuid(),
	title: z.string(),
	visibility: z.enum(documentVisibilities),
	space: z.object({ id: z.uuid(), slug: z.string(), title: z.string() }),
	organisation_id: z.uuid(),
	attached: z.object({ kind: z.enum(documentAttachmentKinds), id: z.uuid() }).nullable(),
	role: z.enum(documentRoles).nullable().describe('The caller’s effective role.'),
	collab_url: z.string().describe('Path of the WebSocket endpoint (y-websocket protocol).'),
	created_at: z.string(),
	updated_at: z.string()
});

export const versionOutput = z.object({
	id: z.uuid(),
	document_id: z.uuid(),
	kind: z.enum(['named', 'auto', 'restore']),
	name: z.string().nullable(),
	title: z.string(),
	created_by: z.object({ id: z.uuid(), name: z.string() }).nullable(),
	created_at: z.string()
});

export const renderingOutput = z.object({
	format: renderFormat,
	content: z.unknown().describe('A string for html and markdown, ProseMirror JSON for json.')
});

export const memberOutput = z.object({ user_id: z.uuid(), name: z.string(), role: z.enum(documentRoles) });
export const diffOutput = z.object({ parts: z.array(z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() })) });

const relativePosition = z.base64({ error: 'documents.comments.anchorInvalid' }).max(1000).describe('`Y.encodeRelativePosition` of the position in the Yjs document, base64.');

/** A comment on a passage: its start and end as Yjs relative positions (they follow the text through edits). */
export const documentCommentInput = z.object({
	body: commentBody,
	anchor: z.object({ start: relativePosition, end: relativePosition })
});

export const documentCommentResolveInput = z.object({
	resolved: z.boolean().describe('true: resolved; false: reopened.')
});

export const documentThreadOutput = commentOutput.extend({
	anchor: z.object({
		start: z.string(),
		end: z.string(),
		quote: z.string().describe('The passage when the comment was written.'),
		text: z.string().nullable().describe('The passage now (null once it was deleted).')
	}),
	resolved_at: z.string().nullable(),
	replies: z.array(commentOutput)
});
