import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument, operations } from '#lib/server/api/openapi.js';

const apiRoot = path.resolve(import.meta.dirname, '../../src/routes/api/v1');

/** Every (method, path) that a `+server.ts` under src/routes/api/v1 exports, in OpenAPI form. */
function routedOperations(): string[] {
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name === '+server.ts') {
				const route = '/' + path.relative(apiRoot, dir).replace(/\[(\w+)\]/g, '{$1}');
				if (route === '/openapi.json') continue;
				for (const [, method] of readFileSync(full, 'utf8').matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g))
					found.push(`${method.toLowerCase()} ${route}`);
			}
		}
	};
	walk(apiRoot);
	return found.sort();
}

describe('OpenAPI document', () => {
	it('describes exactly the operations the API routes implement', () => {
		const described = operations.map((op) => `${op.method} ${op.path}`).sort();
		expect(described).toEqual(routedOperations());
	});

	it('is OpenAPI 3.1 with JSON Schemas generated from the validation schemas', () => {
		const document = openApiDocument('https://parvis.example');
		expect(document.openapi).toBe('3.1.0');
		expect(document.servers[0].url).toBe('https://parvis.example/api/v1');
		const createToken = document.paths['/tokens'].post as { requestBody: { content: { 'application/json': { schema: any } } } };
		const schema = createToken.requestBody.content['application/json'].schema;
		expect(schema.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 80 });
		expect(schema.properties.days).toMatchObject({ type: 'integer', minimum: 1, maximum: 365 });
		expect(schema.required).toContain('name');
		const listOrganisations = document.paths['/organisations'].get as { parameters: { name: string; in: string }[]; responses: Record<string, unknown> };
		expect(listOrganisations.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['query:cursor', 'query:limit']);
		expect(Object.keys(listOrganisations.responses)).toEqual(expect.arrayContaining(['200', '422', '429']));
	});
});
