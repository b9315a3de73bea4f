import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { listNotifications, markAllNotificationsRead } from '#lib/features/notifications/server/notifications.js';
import { decodeCursor } from '#lib/server/api/pagination.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname)}`);
	const page = await listNotifications(getRuntime().database.db, locals.user.id, { cursor: decodeCursor(url.searchParams.get('cursor')), limit: 30 });
	return {
		notifications: page.items.map((n) => ({ id: n.id, kind: n.kind, title: n.payload.title, url: n.payload.url, read: n.readAt !== null, at: n.createdAt.toISOString() })),
		nextCursor: page.nextCursor,
		isFirstPage: !url.searchParams.has('cursor')
	};
};

export const actions: Actions = {
	markAllRead: async ({ locals, url }) => {
		if (!locals.user) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname)}`);
		await markAllNotificationsRead(getRuntime().database.db, locals.user.id);
		return { marked: true };
	}
};
