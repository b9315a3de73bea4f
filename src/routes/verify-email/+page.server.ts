import type { Actions, PageServerLoad } from './$types';
import { resendVerification, verifyEmail } from '#lib/features/accounts/server/accounts.js';
import { siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Following the link from the e-mail verifies the address (the token is single-use). */
export const load: PageServerLoad = async ({ url }) => {
	const token = url.searchParams.get('token');
	if (!token) return { verified: null };
	return { verified: await verifyEmail(getRuntime().database.db, token) };
};

export const actions: Actions = {
	resend: async (event) => {
		if (!event.locals.user) return { resent: false };
		const runtime = getRuntime();
		await resendVerification(runtime.database.db, event.locals.user.id, { siteUrl: siteUrl(event) });
		runtime.outbox.kick();
		return { resent: true };
	}
};
