import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { trackingQuery } from '#lib/features/streetreports/api.js';
import { reportByTrackingCode } from '#lib/features/streetreports/server/reports.js';
import { ApiError, localise } from '#lib/server/api/errors.js';
import { validate } from '#lib/server/api/validation.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Follow a report with its tracking code (a GET form: the code can be bookmarked). */
export const load: PageServerLoad = async (event) => {
	const code = event.url.searchParams.get('code');
	if (code === null) return { code: '', error: null };
	const parsed = validate(trackingQuery, { code }, event.locals.locale);
	if (!parsed.success) return { code, error: parsed.fields.code };
	let id: string;
	try {
		id = (await reportByTrackingCode(getRuntime().database.db, parsed.data.code)).id;
	} catch (error) {
		if (error instanceof ApiError) return { code, error: localise(error.message, event.locals.locale) };
		throw error;
	}
	redirect(303, `/signalements/${id}`);
};
