import { type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { customStateInput } from '#lib/features/proposals/api.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { categoriesOf, createCustomState, customStatesOf } from '#lib/features/proposals/server/proposals.js';
import { categoryInput, phaseForm, spaceMemberInput, spaceSettingsForm } from '#lib/features/spaces/api.js';
import {
	activatePhase,
	addPhase,
	addSpaceMember,
	createCategory,
	listPhases,
	listSpaceMembers,
	removeSpaceMember,
	updatePhase,
	updateSpaceSettings
} from '#lib/features/spaces/server/spaces.js';
import { ApiError } from '#lib/server/api/errors.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { formAction, formFailure, readForm } from '#lib/server/http/forms.js';
import { chatStatus } from '#lib/features/chat/server/chat.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';
import { isUuid } from '#lib/server/api/validation.js';

type Event = RequestEvent<{ slug: string }>;
const database = () => getRuntime().database.db;

/** The space, if the actor may configure it. */
async function configurable(event: Event) {
	const access = await spaceOr404(database(), event.params.slug, event.locals.actor);
	assertCan(event.locals.actor, 'space.configure', access.resource);
	return access.space;
}

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const db = database();
		const space = await configurable(event);
		const [phases, members, categories, customStates] = await Promise.all([
			listPhases(db, space.id),
			listSpaceMembers(db, space.id),
			categoriesOf(db, space.organisationId),
			customStatesOf(db, space.organisationId)
		]);
		return {
			space: { slug: space.slug, title: space.title, description: space.description, visibility: space.visibility, kind: space.kind, rules: space.rules },
			phases: phases.map(({ id, title, description, isActive, capabilities, position }) => ({ id, title, description, isActive, capabilities, position })),
			members,
			categories: categories.map(({ id, name }) => ({ id, name })),
			customStates: customStates.map(({ id, label, color }) => ({ id, label, color })),
			chat: await chatStatus(db, space)
		};
	});

/** Reads a form, checks the actor may configure the space, runs the change; refusals become the form's message. */
async function configure<S extends Parameters<typeof readForm>[1], D extends Record<string, boolean>>(
	event: Event,
	schema: S,
	run: (space: Awaited<ReturnType<typeof configurable>>, input: z.output<S>) => Promise<unknown>,
	done: D
) {
	const form = await readForm(event, schema);
	if (!form.ok) return form.failure;
	const result = await formAction(event, form.data as Record<string, unknown>, async () => run(await configurable(event), form.data));
	return result.ok ? done : result.failure;
}

const phaseIdOf = (values: { phaseId?: unknown }) => {
	const id = String(values.phaseId ?? '');
	if (!isUuid(id)) throw new ApiError('not_found', 'error.notFound');
	return id;
};

export const actions: Actions = {
	settings: (event) => configure(event, spaceSettingsForm, (space, input) => updateSpaceSettings(database(), event.locals.actor, space, input), { saved: true }),
	addPhase: (event) => configure(event, phaseForm, (space, input) => addPhase(database(), event.locals.actor, space, input), { phaseAdded: true }),
	updatePhase: async (event) => {
		const data = await event.request.clone().formData();
		return configure(event, phaseForm, (space, input) => updatePhase(database(), event.locals.actor, space, phaseIdOf({ phaseId: data.get('phaseId') }), input), { phaseSaved: true });
	},
	activatePhase: async (event) => {
		const data = await event.request.formData();
		const result = await formAction(event, {}, async () => activatePhase(database(), event.locals.actor, await configurable(event), phaseIdOf({ phaseId: data.get('phaseId') })));
		return result.ok ? { phaseActivated: result.value.title } : result.failure;
	},
	addMember: (event) => configure(event, spaceMemberInput, (space, input) => addSpaceMember(database(), event.locals.actor, space, input), { memberAdded: true }),
	removeMember: async (event) => {
		const userId = String((await event.request.formData()).get('userId') ?? '');
		if (!isUuid(userId)) return formFailure(event, 400, 'error.badRequest');
		const result = await formAction(event, {}, async () => removeSpaceMember(database(), event.locals.actor, await configurable(event), userId));
		return result.ok ? { memberRemoved: true } : result.failure;
	},
	addCategory: (event) =>
		configure(
			event,
			categoryInput,
			(space, input) => {
				assertCan(event.locals.actor, 'organisation.configure', { organisationId: space.organisationId });
				return createCategory(database(), event.locals.actor, space.organisationId, input);
			},
			{ categoryAdded: true }
		),
	addCustomState: (event) =>
		configure(event, customStateInput, (space, input) => createCustomState(database(), event.locals.actor, space.organisationId, input), { customStateAdded: true })
};
