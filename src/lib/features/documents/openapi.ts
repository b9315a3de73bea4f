import { z } from 'zod';
import { commentOutput } from '../comments/api.js';
import type { Operation } from '#lib/server/api/openapi.js';
import {
	contentInput,
	diffOutput,
	diffQuery,
	documentCommentInput,
	documentCommentResolveInput,
	documentCreateInput,
	documentListQuery,
	documentOutput,
	documentThreadOutput,
	documentUpdateInput,
	memberInput,
	memberOutput,
	renderingOutput,
	renderQuery,
	versionCreateInput,
	versionOutput
} from './api.js';

const pageOf = (item: z.ZodType) => z.object({ items: z.array(item), next_cursor: z.string().nullable() });
const tag = 'Documents';

/** Co-edited documents (the live editing itself goes through the WebSocket at `/collab/{id}`, see docs/collaboration.md). */
export const documentOperations: Operation[] = [
	{
		method: 'get', path: '/spaces/{slug}/documents', tag, auth: 'public', summary: 'Documents of a space the caller may read, last changed first.',
		query: documentListQuery, response: { status: 200, description: 'A page of documents', schema: pageOf(documentOutput) }, errors: ['not_found', 'validation_failed']
	},
	{
		method: 'post', path: '/spaces/{slug}/documents', tag, auth: 'user', summary: 'Create a document (staff and members of the space); the caller becomes its owner.',
		body: documentCreateInput, response: { status: 201, description: 'The document', schema: documentOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json', 'payload_too_large']
	},
	{
		method: 'get', path: '/documents/{id}', tag, auth: 'public', summary: 'A document, with the caller’s role and its WebSocket path.',
		response: { status: 200, description: 'The document', schema: documentOutput }, errors: ['unauthenticated', 'not_found']
	},
	{
		method: 'patch', path: '/documents/{id}', tag, auth: 'user', summary: 'Rename a document or change its visibility (owners).',
		body: documentUpdateInput, response: { status: 200, description: 'The document', schema: documentOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'delete', path: '/documents/{id}', tag, auth: 'user', summary: 'Delete a document with its history (owners).',
		response: { status: 204, description: 'Deleted' }, errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'get', path: '/documents/{id}/content', tag, auth: 'public', summary: 'The current content, rendered as sanitised HTML, Markdown or ProseMirror JSON.',
		query: renderQuery, response: { status: 200, description: 'The rendering', schema: renderingOutput }, errors: ['unauthenticated', 'not_found', 'validation_failed']
	},
	{
		method: 'put', path: '/documents/{id}/content', tag, auth: 'user', summary: 'Import: replace the content with Markdown or HTML (editors); connected editors receive it live.',
		body: contentInput, response: { status: 200, description: 'The new content as HTML', schema: renderingOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json', 'payload_too_large']
	},
	{
		method: 'get', path: '/documents/{id}/pdf', tag, auth: 'public',
		summary: 'The current content, or a version’s (`version`), as PDF (fonts embedded): the same bytes for the same content.',
		query: z.object({ version: z.uuid().optional().describe('A version of the document; the current content when absent.') }),
		response: { status: 200, description: 'The PDF file (application/pdf)' }, errors: ['unauthenticated', 'not_found']
	},
	{
		method: 'get', path: '/documents/{id}/versions', tag, auth: 'public', summary: 'Versions (named, automatic, restores), newest first.',
		query: documentListQuery, response: { status: 200, description: 'A page of versions', schema: pageOf(versionOutput) }, errors: ['unauthenticated', 'not_found', 'validation_failed']
	},
	{
		method: 'post', path: '/documents/{id}/versions', tag, auth: 'user', summary: 'Save the current content as a named version (editors).',
		body: versionCreateInput, response: { status: 201, description: 'The version', schema: versionOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'get', path: '/documents/{id}/versions/{versionId}', tag, auth: 'public', summary: 'A version and its deterministic rendering (same bytes on every call).',
		query: renderQuery, response: { status: 200, description: 'The version', schema: versionOutput.extend({ rendering: renderingOutput }) },
		errors: ['unauthenticated', 'not_found', 'validation_failed']
	},
	{
		method: 'post', path: '/documents/{id}/versions/{versionId}/restore', tag, auth: 'user', summary: 'Restore a version as the current content, recorded as a new `restore` version (editors).',
		response: { status: 201, description: 'The new version', schema: versionOutput }, errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'get', path: '/documents/{id}/diff', tag, auth: 'public', summary: 'Word-level differences between two versions (or a version and `current`), on their Markdown text.',
		query: diffQuery, response: { status: 200, description: 'The differences', schema: diffOutput }, errors: ['unauthenticated', 'not_found', 'validation_failed']
	},
	{
		method: 'get', path: '/documents/{id}/members', tag, auth: 'user', summary: 'People with a role on the document (owners).',
		response: { status: 200, description: 'Members', schema: pageOf(memberOutput) }, errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'put', path: '/documents/{id}/members/{userId}', tag, auth: 'user', summary: 'Give a person a role: owner, editor, commenter or reader (owners). Open connections follow at once.',
		body: memberInput, response: { status: 200, description: 'The member', schema: memberOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json', 'conflict']
	},
	{
		method: 'delete', path: '/documents/{id}/members/{userId}', tag, auth: 'user', summary: 'Take a person’s role away (owners); their open connections close. The last owner stays.',
		response: { status: 204, description: 'Removed' }, errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict']
	},
	{
		method: 'get', path: '/documents/{id}/comments', tag, auth: 'public', summary: 'Discussions anchored to passages, with their replies and the passage as it reads now.',
		response: { status: 200, description: 'The discussions, oldest first', schema: z.object({ items: z.array(documentThreadOutput) }) }, errors: ['unauthenticated', 'not_found']
	},
	{
		method: 'post', path: '/documents/{id}/comments', tag, auth: 'user', summary: 'Comment on a passage (owners, editors, commenters); reply through `POST /comments` with `parentId`.',
		body: documentCommentInput, response: { status: 201, description: 'The comment', schema: commentOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'put', path: '/documents/{id}/comments/{commentId}/resolved', tag, auth: 'user', summary: 'Resolve or reopen a discussion (owners, editors, commenters).',
		body: documentCommentResolveInput, response: { status: 200, description: 'The new state', schema: documentCommentResolveInput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	}
];
