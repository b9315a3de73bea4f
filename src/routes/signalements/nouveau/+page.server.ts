import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { reportCreateInput } from '#lib/features/streetreports/api.js';
import { categoryName, inTreeOrder, listCategories } from '#lib/features/streetreports/server/categories.js';
import { MAX_PHOTO_MB, preparePhotos } from '#lib/features/streetreports/server/photos.js';
import { createReport } from '#lib/features/streetreports/server/reports.js';
import { validate } from '#lib/server/api/validation.js';
import { readFormFiles } from '#lib/server/files/base64-files.js';
import { formAction, formFailure, readFormValues, siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = async (event) => {
	const categories = inTreeOrder(await listCategories(getRuntime().database.db));
	const slugOf = new Map(categories.map((c) => [c.id, c.slug]));
	return {
		categories: categories.map((c) => ({ slug: c.slug, name: categoryName(c, event.locals.locale), parent: c.parentId ? slugOf.get(c.parentId)! : null })),
		signedIn: event.locals.actor.userId !== null,
		photoLimits: { count: getRuntime().config.reportMaxPhotos, megabytes: MAX_PHOTO_MB }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { config, database } = getRuntime();
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const parsed = validate(reportCreateInput, form.values, event.locals.locale);
		if (!parsed.success) return formFailure(event, 422, 'form.invalid', parsed.fields, form.values);
		const files = await readFormFiles(form.files.photos);
		const result = await formAction(event, form.values, async () =>
			createReport(database.db, event.locals.actor, { ...parsed.data, photos: await preparePhotos(files, config.reportMaxPhotos) }, siteUrl(event))
		);
		if (!result.ok) return result.failure;
		getRuntime().outbox.kick();
		const { report } = result.value;
		redirect(303, `/signalements/${report.id}?code=${report.trackingCode}`);
	}
};
