import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireOrganisation } from '#lib/features/organisations/server/organisations.js';
import { undeliveredForwardings } from '#lib/features/streetreports/server/forwarding.js';
import { authorize, endpoint } from '#lib/server/api/endpoint.js';
import { getRuntime } from '#lib/server/runtime.js';

/** Forwardings not delivered yet (retrying or failed), with the reason: for the organisation's administrators. */
export const GET: RequestHandler = endpoint(async (event) => {
	const { db } = getRuntime().database;
	const organisation = await requireOrganisation(db, event.params.slug);
	authorize(event, 'report.configure', { organisationId: organisation.id });
	const rows = await undeliveredForwardings(db, organisation.id);
	return json({
		items: rows.map(({ forwarding: f, kind, trackingCode, nextAttemptAt }) => ({
			id: f.id,
			report_id: f.reportId,
			tracking_code: trackingCode,
			connector: kind,
			status: f.status,
			service_request_id: f.serviceRequestId,
			attempts: f.attempts,
			last_error: f.lastError,
			next_attempt_at: nextAttemptAt ? new Date(nextAttemptAt).toISOString() : null,
			updated_at: f.updatedAt.toISOString()
		}))
	});
});
