import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { decodeCursor } from '#lib/server/api/pagination.js';
import { listAdminLog } from '#lib/server/audit/audit.js';
import { can } from '#lib/server/auth/policy.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname)}`);
	if (!can(locals.actor, 'adminLog.read')) error(403, 'error.forbidden');
	const page = await listAdminLog(getRuntime().database.db, { cursor: decodeCursor(url.searchParams.get('cursor')), limit: 50 });
	return {
		entries: page.items.map((entry) => ({
			id: entry.id,
			at: entry.createdAt.toISOString(),
			who: entry.actorName ?? entry.actorLabel,
			action: entry.action,
			target: `${entry.targetType}${entry.targetId ? ` ${entry.targetId}` : ''}`,
			details: JSON.stringify(entry.details)
		})),
		nextCursor: page.nextCursor,
		isFirstPage: !url.searchParams.has('cursor')
	};
};
