import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { verifyHashInput } from '#lib/features/publications/api.js';
import { actPath } from '#lib/features/publications/server/acts.js';
import { assertVerificationAllowed, MAX_VERIFIED_FILE_BYTES, verify } from '#lib/features/publications/server/verification.js';
import { ApiError } from '#lib/server/api/errors.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Upload a file or paste a hash; the answer names the act it belongs to, if any. */
export const actions: Actions = {
	default: async (event) => {
		try {
			assertVerificationAllowed(event.getClientAddress());
		} catch (error) {
			if (error instanceof ApiError) return fail(429, { message: 'publications.verify.rateLimited' as const });
			throw error;
		}
		const form = await event.request.formData();
		const file = form.get('file');
		const hash = String(form.get('sha256') ?? '').trim();
		let input: { sha256: string } | { bytes: Uint8Array };
		if (file instanceof File && file.size > 0) {
			if (file.size > MAX_VERIFIED_FILE_BYTES) return fail(413, { message: 'error.tooLarge' as const });
			input = { bytes: new Uint8Array(await file.arrayBuffer()) };
		} else if (hash) {
			const parsed = verifyHashInput.safeParse({ sha256: hash });
			if (!parsed.success) return fail(422, { message: 'publications.validation.sha256' as const });
			input = parsed.data;
		} else return fail(422, { message: 'publications.verify.needInput' as const });
		const result = await verify(getRuntime().database.db, input);
		return {
			sha256: result.sha256,
			act: result.act
				? { url: actPath(result.act.act), number: result.act.act.number, organisation: result.act.act.organisationName, withdrawnAt: result.act.act.withdrawnAt?.toISOString() ?? null }
				: null
		};
	}
};
