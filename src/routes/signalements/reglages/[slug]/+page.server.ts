import type { Actions, PageServerLoad } from './$types';
import { requireOrganisation } from '#lib/features/organisations/server/organisations.js';
import { competencesInput, connectorInput } from '#lib/features/streetreports/api.js';
import { categoryName, inTreeOrder, listCategories } from '#lib/features/streetreports/server/categories.js';
import { forwardingOrganisation, retryForwarding, undeliveredForwardings } from '#lib/features/streetreports/server/forwarding.js';
import { reportSettingsOf, saveConnector, setCompetences } from '#lib/features/streetreports/server/settings.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { isUuid, validate } from '#lib/server/api/validation.js';
import { formAction, formFailure, readFormValues } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

/** An organisation administrator's reporting settings: competent categories, connector, undelivered forwardings. */
export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const organisation = await requireOrganisation(db, event.params.slug);
		assertCan(event.locals.actor, 'report.configure', { organisationId: organisation.id });
		const [categories, settings, undelivered] = await Promise.all([listCategories(db), reportSettingsOf(db, organisation.id), undeliveredForwardings(db, organisation.id)]);
		const general = settings.connectors.find((c) => c.categoryId === null);
		return {
			organisation: { slug: organisation.slug, name: organisation.name },
			categories: inTreeOrder(categories).map((c) => ({ slug: c.slug, name: categoryName(c, event.locals.locale), depth: c.depth, parent: categories.find((p) => p.id === c.parentId)?.slug ?? null })),
			settings: { categories: settings.categories, priority: settings.priority, allowAnonymous: settings.allowAnonymous },
			connector: general ? { kind: general.kind, url: general.url, email: general.email, jurisdictionId: general.jurisdictionId, hasApiKey: Boolean(general.apiKey) } : null,
			undelivered: undelivered.map(({ forwarding: f, kind, trackingCode, nextAttemptAt }) => ({
				id: f.id,
				reportId: f.reportId,
				trackingCode,
				kind,
				status: f.status,
				attempts: f.attempts,
				lastError: f.lastError,
				nextAttemptAt: nextAttemptAt ? new Date(nextAttemptAt).toISOString() : null
			}))
		};
	});

export const actions: Actions = {
	competences: async (event) => {
		const { db } = getRuntime().database;
		const read = await readFormValues(event);
		if (!read.ok) return read.failure;
		const form = read.values;
		const input = { categories: [form.categories ?? []].flat(), priority: form.priority || 0, allow_anonymous: form.allow_anonymous === 'on' };
		const parsed = validate(competencesInput, input, event.locals.locale);
		if (!parsed.success) return formFailure(event, 422, 'form.invalid', parsed.fields, form);
		const result = await formAction(event, form, async () => setCompetences(db, event.locals.actor, await requireOrganisation(db, event.params.slug), parsed.data));
		if (!result.ok) return result.failure;
		return { done: 'competences' };
	},
	connector: async (event) => {
		const { db } = getRuntime().database;
		const read = await readFormValues(event);
		if (!read.ok) return read.failure;
		const form = read.values;
		const parsed = validate(connectorInput, { ...form, enabled: true }, event.locals.locale);
		if (!parsed.success) return formFailure(event, 422, 'form.invalid', parsed.fields, form);
		const result = await formAction(event, form, async () => saveConnector(db, event.locals.actor, await requireOrganisation(db, event.params.slug), parsed.data, getRuntime().config.outbound));
		if (!result.ok) return result.failure;
		return { done: 'connector' };
	},
	retry: async (event) => {
		const { db } = getRuntime().database;
		const read = await readFormValues(event);
		if (!read.ok) return read.failure;
		const form = read.values;
		const id = String(form?.id ?? '');
		if (!isUuid(id)) return formFailure(event, 404, 'error.notFound');
		const result = await formAction(event, {}, async () => {
			assertCan(event.locals.actor, 'report.configure', { organisationId: await forwardingOrganisation(db, id) });
			await retryForwarding(db, id);
		});
		if (!result.ok) return result.failure;
		getRuntime().outbox.kick();
		return { done: 'retry' };
	}
};
