import type { LayoutServerLoad } from './$types';
import { countUnread } from '#lib/features/notifications/server/notifications.js';
import { moderatesAnything } from '#lib/features/moderation/server/moderation.js';
import { can } from '#lib/server/auth/policy.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: LayoutServerLoad = async ({ locals }) => ({
	locale: locals.locale,
	user: locals.user && {
		id: locals.user.id,
		displayName: locals.user.displayName,
		emailVerified: !!locals.user.emailVerifiedAt
	},
	canReadAdminLog: can(locals.actor, 'adminLog.read'),
	unreadNotifications: locals.user ? await countUnread(getRuntime().database.db, locals.user.id) : 0,
	canModerate: await moderatesAnything(getRuntime().database.db, locals.actor),
	devMailbox: getRuntime().config.devMailbox
});
