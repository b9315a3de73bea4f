import type { LayoutServerLoad } from './$types';
import { can } from '#lib/server/auth/policy.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: LayoutServerLoad = ({ locals }) => ({
	locale: locals.locale,
	user: locals.user && {
		id: locals.user.id,
		displayName: locals.user.displayName,
		emailVerified: !!locals.user.emailVerifiedAt
	},
	canReadAdminLog: can(locals.actor, 'adminLog.read'),
	devMailbox: getRuntime().config.devMailbox
});
