import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { findOrganisation } from '#lib/features/organisations/server/organisations.js';
import { validate } from '#lib/server/api/validation.js';
import { can } from '#lib/server/auth/policy.js';
import { PORTAL_EVENT_TYPES } from '#lib/server/events/events.js';
import { formAction, formFailure, readFormValues } from '#lib/server/http/forms.js';
import { getRuntime } from '#lib/server/runtime.js';
import { endpointCreateInput } from '#lib/server/webhooks/api.js';
import { createEndpoint, deleteEndpoint, deliveryOr404, endpointOr404, listDeliveries, listEndpoints, redeliver, toDeliveryJson, toEndpointJson, updateEndpoint } from '#lib/server/webhooks/webhooks.js';

/** The organisation, if the actor administers its webhooks; otherwise the page does not exist. */
async function managedOrganisation(event: Pick<RequestEvent, 'params' | 'locals'>) {
	const organisation = await findOrganisation(getRuntime().database.db, event.params.slug);
	if (!organisation || !can(event.locals.actor, 'webhooks.manage', { organisationId: organisation.id })) error(404, 'Page introuvable');
	return organisation;
}

export const load: PageServerLoad = async (event) => {
	const { db } = getRuntime().database;
	const organisation = await managedOrganisation(event);
	const endpoints = await listEndpoints(db, organisation.id);
	return {
		organisation: { slug: organisation.slug, name: organisation.name },
		eventTypes: PORTAL_EVENT_TYPES,
		endpoints: await Promise.all(
			endpoints.map(async (endpoint) => ({ ...toEndpointJson(endpoint), deliveries: (await listDeliveries(db, endpoint.id, 20)).map(toDeliveryJson) }))
		)
	};
};

/** An endpoint of this organisation, by the form's `id` (another organisation's is not found). */
async function ownEndpoint(organisationId: string, id: unknown) {
	const endpoint = await endpointOr404(getRuntime().database.db, String(id ?? ''));
	if (endpoint.organisationId !== organisationId) error(404, 'Webhook introuvable');
	return endpoint;
}

export const actions: Actions = {
	create: async (event) => {
		const organisation = await managedOrganisation(event);
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const { values } = form;
		const types = values.event_types === undefined ? [] : [values.event_types].flat();
		const result = validate(endpointCreateInput, { ...values, event_types: types }, event.locals.locale);
		if (!result.success) return formFailure(event, 422, 'form.invalid', result.fields, values);
		const { database, config } = getRuntime();
		const created = await formAction(event, values, () => createEndpoint(database.db, organisation.id, event.locals.actor.userId, result.data, config.outbound));
		if (!created.ok) return created.failure;
		return { secret: created.value.secret };
	},
	enable: async (event) => {
		const organisation = await managedOrganisation(event);
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const { values } = form;
		await updateEndpoint(getRuntime().database.db, await ownEndpoint(organisation.id, values.id), { enabled: true }, getRuntime().config.outbound);
		return { done: true };
	},
	delete: async (event) => {
		const organisation = await managedOrganisation(event);
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const { values } = form;
		await deleteEndpoint(getRuntime().database.db, await ownEndpoint(organisation.id, values.id));
		return { done: true };
	},
	redeliver: async (event) => {
		const organisation = await managedOrganisation(event);
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const { values } = form;
		const { db } = getRuntime().database;
		const result = await formAction(event, values, async () => {
			const { delivery, endpoint } = await deliveryOr404(db, String(values.id ?? ''));
			if (endpoint.organisationId !== organisation.id) error(404, 'Envoi introuvable');
			await redeliver(db, delivery, endpoint);
		});
		if (!result.ok) return result.failure;
		getRuntime().outbox.kick();
		return { redelivered: true };
	}
};
