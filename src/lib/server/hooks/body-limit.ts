import type { Handle } from '@sveltejs/kit/hooks';
import { ApiError, refuseRequest } from '../api/errors.js';

/** What any request may declare; the server's BODY_SIZE_LIMIT (32 MB) is for the routes below. */
const ORDINARY_BODY_LIMIT = 1024 * 1024;

/**
 * Routes that take files in their body: an issue report's photos, an act's annexes (pages and
 * API). Every other request declaring more than 1 MB is refused before anything reads it, so the
 * large limit these routes need does not become every endpoint's.
 */
const FILE_ROUTES = new Set(['/signalements/nouveau', '/api/v1/issue-reports', '/documents/[id]/adopter', '/api/v1/acts']);

export const bodyLimit: Handle = async ({ event, resolve }) => {
	const declared = Number(event.request.headers.get('content-length') ?? 0);
	if (!(declared > ORDINARY_BODY_LIMIT) || FILE_ROUTES.has(event.route.id ?? '')) return resolve(event);
	return refuseRequest(new ApiError('payload_too_large', 'error.tooLarge'), event);
};
