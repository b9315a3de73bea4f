import { error } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { basketLineInput, budgetUpdateInput, checkoutInput, projectEditForm, projectInput } from '#lib/features/budgets/api.js';
import { budgetFormInput, projectFormInput } from '#lib/features/budgets/server/form.js';
import { organisationTimezone } from '#lib/features/meetings/server/meetings.js';
import { instantToWallClock } from '#lib/features/meetings/server/time.js';
import { pickerMap } from '#lib/features/opendata/server/views.js';
import {
	addProject,
	addToBasket,
	basketOf,
	basketRefusal,
	budgetOr404,
	budgetStatus,
	cancelVote,
	checkout,
	closeBudget,
	deleteProject,
	hasVotes,
	linkedProposals,
	listProjects,
	proposalChoices,
	removeFromBasket,
	settingsOf,
	updateBudget,
	updateProject
} from '#lib/features/budgets/server/budgets.js';
import { can } from '#lib/server/auth/policy.js';
import { validate } from '#lib/server/api/validation.js';
import { formAction, formFailure, readForm, readFormValues } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { actor } = event.locals;
		const access = await budgetOr404(db, event.params.id, actor);
		const { budget } = access;
		if (budget.spaceSlug !== event.params.slug) error(404);
		const projects = await listProjects(db, budget.id);
		const basket = actor.userId ? await basketOf(db, budget.id, actor.userId) : null;
		const canManage = can(actor, 'budget.manage', access.space.resource);
		const status = budgetStatus(budget);
		const votes = canManage && (await hasVotes(db, budget.id));
		const zone = canManage ? await organisationTimezone(db, budget.organisationId) : 'Europe/Paris';
		const proposalsOf = await linkedProposals(db, projects);
		return {
			budget: {
				id: budget.id,
				title: budget.title,
				descriptionHtml: renderMarkdown(budget.description),
				total: budget.totalAmount,
				rule: budget.rule,
				minSharePercent: budget.minSharePercent,
				minProjects: budget.minProjects,
				maxProjects: budget.maxProjects,
				eligibility: budget.eligibility,
				minAccountAgeDays: budget.minAccountAgeDays,
				postalCodes: budget.residentPostalCodes,
				opensAt: budget.opensAt.toISOString(),
				closesAt: budget.closesAt.toISOString(),
				status: budgetStatus(budget),
				spaceTitle: access.space.space.title,
				spaceSlug: budget.spaceSlug
			},
			projects: projects.map((p) => ({
				id: p.id,
				number: p.number,
				title: p.title,
				description: p.description,
				descriptionHtml: renderMarkdown(p.description),
				cost: p.cost,
				proposalId: p.proposalId,
				proposal: (p.proposalId && proposalsOf.get(p.proposalId)) || null,
				longitude: p.longitude,
				latitude: p.latitude,
				address: p.address
			})),
			basket: basket && {
				projectIds: basket.projectIds,
				spent: basket.spent,
				checkedOutAt: basket.checkedOutAt?.toISOString() ?? null,
				canCheckOut: basket.checkedOutAt === null && basketRefusal(budget, basket.spent, basket.projectIds.length) === null
			},
			canVote: can(actor, 'budget.vote', access.space.resource),
			canManage,
			/** Organisers may edit and delete projects until the first vote, while not closed. */
			projectsLocked: canManage && (status === 'closed' || votes),
			/** The settings form: every field until the first vote, then the closing date only; none once closed. */
			settings: canManage && status !== 'closed' ? {
				onlyClosing: votes,
				values: {
					...settingsOf(budget),
					resident_postal_codes: budget.residentPostalCodes.join(', '),
					opens_at: instantToWallClock(budget.opensAt, zone),
					closes_at: instantToWallClock(budget.closesAt, zone)
				}
			} : null,
			proposalChoices: canManage && !votes && status !== 'closed' ? await proposalChoices(db, budget.spaceId) : [],
			map: canManage ? await pickerMap(db, budget.organisationId) : undefined,
			canEnterPaperVotes: can(actor, 'budget.enterPaperVotes', access.space.resource)
		};
	});

/** Runs one domain call on this page's budget; refusals come back as the form's message. */
async function onBudget(event: RequestEvent, done: string, run: (access: Awaited<ReturnType<typeof budgetOr404>>) => Promise<unknown>) {
	const { db } = getRuntime().database;
	const result = await formAction(event, {}, async () => run(await budgetOr404(db, event.params.id, event.locals.actor)));
	return result.ok ? { done } : result.failure;
}

/** A project form: blank optional fields (proposal, map point, address) clear them. */
async function readProjectForm<S extends typeof projectInput | typeof projectEditForm>(event: RequestEvent, schema: S) {
	const form = await readFormValues(event);
	if (!form.ok) return form;
	const parsed = validate(schema, projectFormInput(form.values), event.locals.locale);
	if (parsed.success) return { ok: true as const, data: parsed.data as z.output<S> };
	return { ok: false as const, failure: formFailure(event, 422, 'form.invalid', parsed.fields, form.values) };
}

export const actions: Actions = {
	add: async (event) => {
		const input = await readForm(event, basketLineInput);
		if (!input.ok) return input.failure;
		return onBudget(event, 'added', (access) => addToBasket(getRuntime().database.db, access, event.locals.actor, input.data.project_id));
	},
	remove: async (event) => {
		const input = await readForm(event, basketLineInput);
		if (!input.ok) return input.failure;
		return onBudget(event, 'removed', (access) => removeFromBasket(getRuntime().database.db, access, event.locals.actor, input.data.project_id));
	},
	checkout: async (event) => {
		const input = await readForm(event, checkoutInput);
		if (!input.ok) return input.failure;
		return onBudget(event, 'voted', (access) => checkout(getRuntime().database.db, access, event.locals.actor, input.data.postal_code));
	},
	cancel: (event) => onBudget(event, 'cancelled', (access) => cancelVote(getRuntime().database.db, access, event.locals.actor)),
	settings: async (event) => {
		const { db } = getRuntime().database;
		const form = await readFormValues(event);
		if (!form.ok) return form.failure;
		const values = { ...form.values, settings: '1' };
		const result = await formAction(event, values, async () => {
			const access = await budgetOr404(db, event.params.id, event.locals.actor);
			const parsed = validate(budgetUpdateInput, budgetFormInput(form.values, await organisationTimezone(db, access.budget.organisationId), access.budget), event.locals.locale);
			if (!parsed.success) return { fields: parsed.fields };
			return { budget: await updateBudget(db, access, event.locals.actor, parsed.data) };
		});
		if (!result.ok) return result.failure;
		if ('fields' in result.value) return formFailure(event, 422, 'form.invalid', result.value.fields, values);
		return { done: 'settingsSaved' };
	},
	addProject: async (event) => {
		const input = await readProjectForm(event, projectInput);
		if (!input.ok) return input.failure;
		return onBudget(event, 'projectAdded', (access) => addProject(getRuntime().database.db, access, event.locals.actor, input.data));
	},
	updateProject: async (event) => {
		const input = await readProjectForm(event, projectEditForm);
		if (!input.ok) return input.failure;
		const { project_id, ...fields } = input.data;
		return onBudget(event, 'projectUpdated', (access) => updateProject(getRuntime().database.db, access, event.locals.actor, project_id, fields));
	},
	deleteProject: async (event) => {
		const input = await readForm(event, basketLineInput);
		if (!input.ok) return input.failure;
		return onBudget(event, 'projectDeleted', (access) => deleteProject(getRuntime().database.db, access, event.locals.actor, input.data.project_id));
	},
	close: (event) => onBudget(event, 'closedNotice', (access) => closeBudget(getRuntime().database.db, access, event.locals.actor))
};
