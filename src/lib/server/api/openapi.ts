import { z } from 'zod';
import { apiTokenInput, apiTokenOutput, userOutput } from '#lib/features/accounts/api.js';
import { organisationCreateInput, organisationOutput, organisationSettingsInput, territoryInput } from '#lib/features/organisations/api.js';
import { errorStatus, type ErrorCode } from './errors.js';
import { pageQuerySchema } from './pagination.js';

/**
 * Every operation of `/api/v1`, described with the very schemas the routes validate with.
 * A test checks that each `+server.ts` under `src/routes/api/v1` appears here and vice versa.
 */
export interface Operation {
	method: 'get' | 'post' | 'patch' | 'put' | 'delete';
	path: string;
	summary: string;
	tag: string;
	auth: 'public' | 'user';
	query?: z.ZodObject;
	body?: z.ZodType;
	response: { status: number; description: string; schema?: z.ZodType };
	errors: ErrorCode[];
}

const pageOf = (item: z.ZodType) => z.object({ items: z.array(item), next_cursor: z.string().nullable() });
const slugParameter = { name: 'slug', in: 'path', required: true, schema: { type: 'string' } };
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

const adminLogEntry = z.object({
	id: z.uuid(),
	at: z.iso.datetime(),
	actor: z.union([z.object({ id: z.uuid(), name: z.string().nullable() }), z.object({ label: z.string() })]),
	action: z.string(),
	target: z.object({ type: z.string(), id: z.string().nullable() }),
	details: z.record(z.string(), z.unknown())
});

export const operations: Operation[] = [
	{
		method: 'get', path: '/me', tag: 'Accounts', auth: 'user', summary: 'The caller: id, name, roles and organisations.',
		response: { status: 200, description: 'The authenticated user', schema: userOutput }, errors: ['unauthenticated']
	},
	{
		method: 'get', path: '/tokens', tag: 'Accounts', auth: 'user', summary: 'The caller’s personal API tokens (never the secrets).',
		response: { status: 200, description: 'Tokens', schema: pageOf(apiTokenOutput) }, errors: ['unauthenticated']
	},
	{
		method: 'post', path: '/tokens', tag: 'Accounts', auth: 'user', summary: 'Create a personal API token; the secret is returned once.',
		body: apiTokenInput,
		response: { status: 201, description: 'The token, with its secret in `token`', schema: apiTokenOutput.extend({ token: z.string() }) },
		errors: ['unauthenticated', 'validation_failed', 'invalid_json', 'payload_too_large']
	},
	{
		method: 'delete', path: '/tokens/{id}', tag: 'Accounts', auth: 'user', summary: 'Revoke one of the caller’s tokens.',
		response: { status: 204, description: 'Revoked' }, errors: ['unauthenticated', 'not_found']
	},
	{
		method: 'get', path: '/organisations', tag: 'Organisations', auth: 'public', summary: 'Organisations, by name.',
		query: pageQuerySchema, response: { status: 200, description: 'A page of organisations', schema: pageOf(organisationOutput) },
		errors: ['validation_failed']
	},
	{
		method: 'post', path: '/organisations', tag: 'Organisations', auth: 'user', summary: 'Create an organisation (platform administrators).',
		body: organisationCreateInput, response: { status: 201, description: 'Created', schema: organisationOutput },
		errors: ['unauthenticated', 'forbidden', 'validation_failed', 'conflict', 'invalid_json']
	},
	{
		method: 'get', path: '/organisations/{slug}', tag: 'Organisations', auth: 'public', summary: 'One organisation.',
		response: { status: 200, description: 'The organisation', schema: organisationOutput }, errors: ['not_found']
	},
	{
		method: 'patch', path: '/organisations/{slug}', tag: 'Organisations', auth: 'user',
		summary: 'Change an organisation’s settings (its administrators); fields left out keep their value.',
		body: organisationSettingsInput.partial(), response: { status: 200, description: 'Updated', schema: organisationOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'get', path: '/organisations/{slug}/territory', tag: 'Organisations', auth: 'public',
		summary: 'The organisation’s territory as a GeoJSON Feature (WGS 84, lon/lat).',
		response: { status: 200, description: 'A GeoJSON Feature (application/geo+json)', schema: z.object({ type: z.literal('Feature'), properties: z.object({ slug: z.string(), name: z.string() }), geometry: territoryInput }) },
		errors: ['not_found']
	},
	{
		method: 'put', path: '/organisations/{slug}/territory', tag: 'Organisations', auth: 'user',
		summary: 'Replace the territory (its administrators): a GeoJSON Polygon or MultiPolygon, a Feature, or a one-feature FeatureCollection.',
		body: territoryInput, response: { status: 204, description: 'Saved' },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json', 'payload_too_large']
	},
	{
		method: 'get', path: '/admin-log', tag: 'Administration', auth: 'user', summary: 'The admin log, newest first (platform administrators).',
		query: pageQuerySchema, response: { status: 200, description: 'A page of entries', schema: pageOf(adminLogEntry) },
		errors: ['unauthenticated', 'forbidden', 'validation_failed']
	}
];

const errorSchema = {
	type: 'object',
	required: ['error'],
	properties: {
		error: {
			type: 'object',
			required: ['code', 'message'],
			properties: {
				code: { type: 'string', enum: Object.keys(errorStatus) },
				message: { type: 'string' },
				fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'One message per invalid field.' }
			}
		}
	}
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

export function openApiDocument(serverUrl: string) {
	const paths: Record<string, Record<string, unknown>> = {};
	for (const op of operations) {
		const parameters: unknown[] = [];
		if (op.path.includes('{slug}')) parameters.push(slugParameter);
		if (op.path.includes('{id}')) parameters.push(idParameter);
		if (op.query) {
			const shape = jsonSchema(op.query, 'input') as { properties?: Record<string, { description?: string }>; required?: string[] };
			for (const [name, schema] of Object.entries(shape.properties ?? {}))
				parameters.push({ name, in: 'query', required: shape.required?.includes(name) ?? false, description: schema.description, schema });
		}
		const responses: Record<string, unknown> = {
			[op.response.status]: {
				description: op.response.description,
				...(op.response.schema ? { content: { 'application/json': { schema: jsonSchema(op.response.schema, 'output') } } } : {})
			}
		};
		for (const code of new Set([...op.errors, 'rate_limited' as const]))
			responses[errorStatus[code]] ??= { description: code, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
		(paths[op.path] ??= {})[op.method] = {
			summary: op.summary,
			tags: [op.tag],
			operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/(^|[/-])(\w)/g, (_, __, c: string) => c.toUpperCase())}`,
			security: op.auth === 'user' ? [{ bearerAuth: [] }, { sessionCookie: [] }] : [],
			...(parameters.length ? { parameters } : {}),
			...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
			responses
		};
	}
	return {
		openapi: '3.1.0',
		info: {
			title: 'Parvis API',
			version: '1.0.0',
			description:
				'Public REST API of Parvis. Errors: `{"error":{"code","message","fields"}}`. Lists: cursor pagination (`cursor`, `limit`, `next_cursor`). Rate limits: `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` headers.',
			license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' }
		},
		servers: [{ url: `${serverUrl}/api/v1` }],
		components: {
			schemas: { Error: errorSchema },
			securitySchemes: {
				bearerAuth: { type: 'http', scheme: 'bearer', description: 'Personal API token (profile page or `npm run parvis -- token:create`).' },
				sessionCookie: { type: 'apiKey', in: 'cookie', name: 'parvis_session', description: 'Browser session; writes need a same-origin `Origin` header.' }
			}
		},
		paths
	};
}
