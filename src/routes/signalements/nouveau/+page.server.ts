import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { reportCreateInput } from '#lib/features/streetreports/api.js';
import { categoryName, inTreeOrder, listCategories } from '#lib/features/streetreports/server/categories.js';
import { createReport } from '#lib/features/streetreports/server/reports.js';
import { formAction, readForm, siteUrl } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = async (event) => {
	const categories = inTreeOrder(await listCategories(getRuntime().database.db));
	const slugOf = new Map(categories.map((c) => [c.id, c.slug]));
	return {
		categories: categories.map((c) => ({ slug: c.slug, name: categoryName(c, event.locals.locale), parent: c.parentId ? slugOf.get(c.parentId)! : null })),
		signedIn: event.locals.actor.userId !== null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event, reportCreateInput);
		if (!form.ok) return form.failure;
		const result = await formAction(event, form.data, () => createReport(getRuntime().database.db, event.locals.actor, form.data, siteUrl(event)));
		if (!result.ok) return result.failure;
		getRuntime().outbox.kick();
		const { report } = result.value;
		redirect(303, `/signalements/${report.id}?code=${report.trackingCode}`);
	}
};
