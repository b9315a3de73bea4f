import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { openApiDocument } from '#lib/server/api/openapi.js';
import { siteUrl } from '#lib/server/http/forms.js';

export const GET: RequestHandler = (event) =>
	json(openApiDocument(siteUrl(event)), { headers: { 'access-control-allow-origin': '*' } });
