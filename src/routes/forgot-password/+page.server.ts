import type { Actions } from './$types';
import { forgotPasswordInput } from '#lib/features/accounts/api.js';
import { requestPasswordReset } from '#lib/features/accounts/server/accounts.js';
import { readForm, siteUrl } from '#lib/server/http/forms.js';
import { RateLimiter } from '#lib/server/http/rate-limit.js';
import { getRuntime } from '#lib/server/runtime.js';

const perAddress = new RateLimiter(10, 15 * 60_000);

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event, forgotPasswordInput);
		if (!form.ok) return form.failure;
		// Same answer whether or not the account exists, and whether or not we were rate-limited.
		if (perAddress.hit(event.getClientAddress()).allowed) {
			const runtime = getRuntime();
			await requestPasswordReset(runtime.database.db, form.data.email, { siteUrl: siteUrl(event) });
			runtime.outbox.kick();
		}
		return { sent: true };
	}
};
