import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { sequence } from '@sveltejs/kit/hooks';
import * as env from '$app/env/private';
import { isMessageKey, translate } from '#lib/i18n/index.js';
import { fromValues } from '#lib/server/config.js';
import { api } from '#lib/server/hooks/api.js';
import { bodyLimit } from '#lib/server/hooks/body-limit.js';
import { cors } from '#lib/server/hooks/cors.js';
import { locale } from '#lib/server/hooks/locale.js';
import { nulCharacters } from '#lib/server/hooks/nul-characters.js';
import { securityHeaders } from '#lib/server/hooks/security.js';
import { session } from '#lib/server/hooks/session.js';
import { startRuntime } from '#lib/server/runtime.js';

/** Runs once at start-up: configuration (already validated by Kit), database, migrations, workers. */
export const init: ServerInit = async () => {
	await startRuntime(fromValues(env as unknown as Parameters<typeof fromValues>[0]));
};

export const handle: Handle = sequence(securityHeaders, cors, session, locale, bodyLimit, nulCharacters, api);

export const handleError: HandleServerError = (input) => {
	const locale = input.event.locals.locale ?? 'fr';
	if (input.kind === 'unknown') {
		console.error(`[parvis] ${input.event.request.method} ${input.event.url.pathname}`, input.error);
		return { message: translate(locale, 'error.generic'), code: 'internal' };
	}
	if (input.kind === 'app') {
		const message = input.error.message;
		return { message: isMessageKey(message) ? translate(locale, message) : message };
	}
	const status = input.error.status;
	if (status === 404) return { message: translate(locale, 'error.notFound'), code: 'not_found' };
	if (status === 413) return { message: translate(locale, 'error.tooLarge'), code: 'payload_too_large' };
	return { message: translate(locale, 'error.badRequest'), code: 'bad_request' };
};
