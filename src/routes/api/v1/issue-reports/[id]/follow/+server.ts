import type { RequestHandler } from './$types';
import { follow, unfollow } from '#lib/features/notifications/server/notifications.js';
import { REPORT_FOLLOW_TYPE, reportOr404 } from '#lib/features/streetreports/server/reports.js';
import { endpoint, requireUser } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Follow an existing report instead of filing a duplicate: its status changes are notified. */
export const POST: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const user = requireUser(event);
	const report = await reportOr404(db, event.params.id);
	await follow(db, user.id, { targetType: REPORT_FOLLOW_TYPE, targetId: report.id });
	return new Response(null, { status: 204 });
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const user = requireUser(event);
	const report = await reportOr404(db, event.params.id);
	await unfollow(db, user.id, { targetType: REPORT_FOLLOW_TYPE, targetId: report.id });
	return new Response(null, { status: 204 });
});
