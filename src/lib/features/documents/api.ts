import { z } from 'zod';
import { emailField } from '../accounts/api.js';
import { documentAttachmentKinds, documentRoles, documentVisibilities } from './schema.js';

/** One schema per input: the forms, the API and the OpenAPI document share these. */
const title = z.string().trim().min(2).max(200);

export const documentCreateInput = z.object({
	title,
	visibility: z.enum(documentVisibilities).default('restricted').describe('`space`: readable by everyone who reads the space; `restricted`: only people given a role.'),
	attached_kind: z.enum(documentAttachmentKinds).optional().describe('What the document is attached to (with attached_id).'),
	attached_id: z.uuid().optional(),
	/** Initial content, in `format`. */
	content: z.string().max(500_000).optional().describe('Initial content (Markdown or HTML, see format).'),
	format: z.enum(['markdown', 'html']).default('markdown')
});

export const documentUpdateInput = z.object({
	title: title.optional(),
	visibility: z.enum(documentVisibilities).optional()
});

export const contentInput = z.object({
	content: z.string().max(500_000),
	format: z.enum(['markdown', 'html']).default('markdown')
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
