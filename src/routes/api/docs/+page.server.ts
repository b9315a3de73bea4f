import type { PageServerLoad } from './$types';
import { openApiDocument } from '#lib/server/api/openapi.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { licences } from '#lib/features/opendata/server/licence.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) => {
	const document = openApiDocument(siteUrl(event));
	const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
		Object.entries(methods).map(([method, op]) => {
			const operation = op as { summary: string; tags: string[]; security: unknown[]; parameters?: { name: string; in: string; description?: string }[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { description: string }> };
			return {
				id: `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-'),
				method: method.toUpperCase(),
				path,
				summary: operation.summary,
				tag: operation.tags[0],
				authenticated: operation.security.length > 0,
				parameters: operation.parameters ?? [],
				body: operation.requestBody ? JSON.stringify(operation.requestBody.content['application/json'].schema, null, 2) : null,
				responses: Object.entries(operation.responses).map(([status, r]) => ({ status, description: r.description }))
			};
		})
	);
	const { config } = getRuntime();
	const reusers = { licence: licences[config.opendataLicence].name[event.locals.locale], anonymous: config.apiRateLimit.anonymous, user: config.apiRateLimit.user };
	return { baseUrl: document.servers[0].url, description: document.info.description, operations, reusers };
};
