import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { isFollowing, follow } from '#lib/features/notifications/server/notifications.js';
import { photoVisibilityInput, reportRerouteInput, reportStatusInput } from '#lib/features/streetreports/api.js';
import { photoPosition, setPhotoHidden } from '#lib/features/streetreports/server/photos.js';
import { changeStatus, isHandler, presentReport, REPORT_FOLLOW_TYPE, reportOr404, rerouteReport, rerouteTargets } from '#lib/features/streetreports/server/reports.js';
import { listTemplates } from '#lib/features/streetreports/server/templates.js';
import { ApiError } from '#lib/server/api/errors.js';
import { formAction, readForm, siteUrl } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { actor, locale } = event.locals;
		const report = await reportOr404(db, event.params.id);
		const handler = isHandler(actor, report);
		// Right after submitting, the tracking code comes in the address: shown only if it matches.
		const justCreated = event.url.searchParams.get('code') === report.trackingCode;
		return {
			report: await presentReport(db, report, { actor, locale, siteUrl: siteUrl(event) }, { withTrackingCode: justCreated }),
			justCreated,
			handler,
			targets: handler ? await rerouteTargets(db, report) : [],
			templates: handler && report.organisationId ? (await listTemplates(db, report.organisationId)).map(({ id, title, status, publicText }) => ({ id, title, status, publicText })) : [],
			signedIn: actor.userId !== null,
			following: await isFollowing(db, actor.userId, { targetType: REPORT_FOLLOW_TYPE, targetId: report.id })
		};
	});

export const actions: Actions = {
	status: async (event) => {
		const { db } = getRuntime().database;
		const form = await readForm(event, reportStatusInput);
		if (!form.ok) return form.failure;
		const result = await formAction(event, form.data, async () => changeStatus(db, event.locals.actor, await reportOr404(db, event.params.id), form.data));
		if (!result.ok) return result.failure;
		getRuntime().outbox.kick();
		return { done: 'status' };
	},
	reroute: async (event) => {
		const { db } = getRuntime().database;
		const form = await readForm(event, reportRerouteInput);
		if (!form.ok) return form.failure;
		const result = await formAction(event, form.data, async () => rerouteReport(db, event.locals.actor, await reportOr404(db, event.params.id), form.data));
		if (!result.ok) return result.failure;
		getRuntime().outbox.kick();
		return { done: 'reroute' };
	},
	photo: async (event) => {
		const { db } = getRuntime().database;
		const form = await readForm(event, photoVisibilityInput.extend({ position: z.string().max(3) }));
		if (!form.ok) return form.failure;
		const result = await formAction(event, form.data, async () =>
			setPhotoHidden(db, event.locals.actor, await reportOr404(db, event.params.id), photoPosition(form.data.position), form.data.hidden)
		);
		if (!result.ok) return result.failure;
		return { done: 'photo' };
	},
	follow: async (event) => {
		const { db } = getRuntime().database;
		const result = await formAction(event, {}, async () => {
			if (!event.locals.actor.userId) throw new ApiError('unauthenticated', 'error.unauthenticated');
			const report = await reportOr404(db, event.params.id);
			await follow(db, event.locals.actor.userId, { targetType: REPORT_FOLLOW_TYPE, targetId: report.id });
		});
		if (!result.ok) return result.failure;
		return { done: 'follow' };
	}
};
