import { z } from 'zod';
import type { Operation } from '#lib/server/api/openapi.js';
import { deliveryOutput, endpointCreatedOutput, endpointCreateInput, endpointOutput, endpointUpdateInput } from '#lib/server/webhooks/api.js';
import { actAdoptInput, actOutput, actWithdrawInput, registerQuery, verificationOutput, verifyHashInput } from './api.js';

const file = (what: string) => ({ status: 200, description: `${what}: the stored bytes, their SHA-256 in the X-Content-SHA256 header` });

export const publicationOperations: Operation[] = [
	{
		method: 'get', path: '/organisations/{slug}/acts', tag: 'Register', auth: 'public', summary: 'The register of published acts, newest first; full-text search in French.',
		query: registerQuery, response: { status: 200, description: 'A page of acts', schema: z.object({ items: z.array(actOutput), next_cursor: z.string().nullable() }) },
		errors: ['not_found', 'validation_failed']
	},
	{
		method: 'post', path: '/acts', tag: 'Register', auth: 'user',
		summary: 'Adopt a document version as an act: numbered, rendered to PDF and HTML, hashed, frozen; emits act.published (at once or at publish_at).',
		body: actAdoptInput, response: { status: 201, description: 'The act', schema: actOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'payload_too_large']
	},
	{
		method: 'get', path: '/acts/{id}', tag: 'Register', auth: 'public', summary: 'One published act.',
		response: { status: 200, description: 'The act', schema: actOutput }, errors: ['not_found']
	},
	{ method: 'get', path: '/acts/{id}/pdf', tag: 'Register', auth: 'public', summary: 'The act as PDF (fonts embedded).', response: file('application/pdf'), errors: ['not_found', 'gone'] },
	{ method: 'get', path: '/acts/{id}/html', tag: 'Register', auth: 'public', summary: 'The act as a standalone HTML page.', response: file('text/html'), errors: ['not_found', 'gone'] },
	{
		method: 'get', path: '/acts/{id}/attachments/{fileId}', tag: 'Register', auth: 'public', summary: 'An attachment of the act.',
		response: file('The attachment'), errors: ['not_found', 'gone']
	},
	{
		method: 'post', path: '/acts/{id}/withdraw', tag: 'Register', auth: 'user', summary: 'Withdraw an act, at least two months after its publication; it stays listed as withdrawn. Emits act.withdrawn.',
		body: actWithdrawInput, response: { status: 200, description: 'The withdrawn act', schema: actOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'validation_failed']
	},
	{
		method: 'post', path: '/acts/verify', tag: 'Register', auth: 'public',
		summary: 'Does a file belong to a published act? Send `{ "sha256": "…" }` as JSON, or the file itself as the body (any other content type). 30 checks a minute per address.',
		body: verifyHashInput, response: { status: 200, description: 'The verdict', schema: verificationOutput },
		errors: ['bad_request', 'validation_failed', 'payload_too_large', 'rate_limited']
	},
	{
		method: 'get', path: '/organisations/{slug}/webhooks', tag: 'Webhooks', auth: 'user', summary: 'The organisation’s webhook endpoints (administrators).',
		response: { status: 200, description: 'Endpoints', schema: z.object({ items: z.array(endpointOutput) }) }, errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'post', path: '/organisations/{slug}/webhooks', tag: 'Webhooks', auth: 'user',
		summary: 'Register an endpoint; the answer carries its whsec_ secret, shown only this once. An address on the local network is refused (400) unless the server allows it.',
		body: endpointCreateInput, response: { status: 201, description: 'The endpoint and its secret', schema: endpointCreatedOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'bad_request', 'validation_failed']
	},
	{
		method: 'get', path: '/webhooks/{id}', tag: 'Webhooks', auth: 'user', summary: 'One endpoint.',
		response: { status: 200, description: 'The endpoint', schema: endpointOutput }, errors: ['unauthenticated', 'not_found']
	},
	{
		method: 'patch', path: '/webhooks/{id}', tag: 'Webhooks', auth: 'user', summary: 'Change the address, the events, or enable an endpoint again.',
		body: endpointUpdateInput, response: { status: 200, description: 'The endpoint', schema: endpointOutput }, errors: ['unauthenticated', 'not_found', 'bad_request', 'validation_failed']
	},
	{ method: 'delete', path: '/webhooks/{id}', tag: 'Webhooks', auth: 'user', summary: 'Delete an endpoint and its deliveries.', response: { status: 204, description: 'Deleted' }, errors: ['unauthenticated', 'not_found'] },
	{
		method: 'get', path: '/webhooks/{id}/deliveries', tag: 'Webhooks', auth: 'user', summary: 'The latest deliveries with every attempt (status, response code, next retry).',
		response: { status: 200, description: 'Deliveries', schema: z.object({ items: z.array(deliveryOutput) }) }, errors: ['unauthenticated', 'not_found']
	},
	{
		method: 'post', path: '/webhook-deliveries/{id}/redeliver', tag: 'Webhooks', auth: 'user', summary: 'Send a delivery again, with the same webhook-id and body.',
		response: { status: 202, description: 'Queued', schema: deliveryOutput }, errors: ['unauthenticated', 'not_found', 'conflict']
	}
];
