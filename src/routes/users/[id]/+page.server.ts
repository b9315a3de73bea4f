import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findUserById } from '#lib/features/accounts/server/accounts.js';
import { publicName } from '#lib/features/moderation/server/blocking.js';
import { isUuid } from '#lib/server/api/validation.js';
import { getRuntime } from '#lib/server/runtime.js';

/** A participant's public card: where @mentions lead. Only the public name, nothing private. */
export const load: PageServerLoad = async ({ params, locals }) => {
	const user = isUuid(params.id) ? await findUserById(getRuntime().database.db, params.id) : undefined;
	if (!user) error(404);
	return { name: publicName(user, locals.locale), since: user.createdAt.toISOString() };
};
