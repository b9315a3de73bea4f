import { z } from 'zod';
import { budgetEligibilities, budgetRules } from './schema.js';

const dateTime = z.iso.datetime({ offset: true, error: 'budgets.validation.dateTime' }).describe('ISO 8601 date-time with offset or Z.');
const euros = (max: number) => z.coerce.number().int('validation.integer').min(1).max(max).describe('Whole euros.');
const postalCode = z.string().trim().regex(/^\d{5}$/, 'budgets.validation.postalCode');

/** The settings without defaults: an edit changes only what it names. */
const settingFields = {
	title: z.string().trim().min(3).max(200),
	description: z.string().trim().max(20_000),
	total_amount: euros(1_000_000_000),
	rule: z.enum(budgetRules).describe('`minimum_share`: spend at least `min_share_percent` % of the total; `project_count`: between `min_projects` and `max_projects` projects. The total is never exceeded.'),
	min_share_percent: z.coerce.number().int().min(1).max(100).nullish(),
	min_projects: z.coerce.number().int().min(0).max(1000).nullish(),
	max_projects: z.coerce.number().int().min(1).max(1000).nullish(),
	eligibility: z.enum(budgetEligibilities).describe('Who may vote (always a verified e-mail address): `any` account, `account_age` older than `min_account_age_days`, `residents` declaring a postal code of `resident_postal_codes`.'),
	min_account_age_days: z.coerce.number().int().min(1).max(3650).nullish(),
	resident_postal_codes: z.array(postalCode).max(200),
	opens_at: dateTime,
	closes_at: dateTime
};
const budgetFields = {
	...settingFields,
	description: settingFields.description.default(''),
	eligibility: settingFields.eligibility.default('any'),
	resident_postal_codes: settingFields.resident_postal_codes.default([])
};

type RuleFields = Partial<{ rule: string; min_share_percent: number | null; min_projects: number | null; max_projects: number | null; eligibility: string; min_account_age_days: number | null; resident_postal_codes: string[]; opens_at: string; closes_at: string }>;
/** Cross-field rules: the chosen rule and eligibility carry their parameters; the window is in order. */
function checkRules(value: RuleFields, ctx: z.RefinementCtx) {
	if (value.rule === 'minimum_share' && value.min_share_percent == null)
		ctx.addIssue({ code: 'custom', path: ['min_share_percent'], message: 'budgets.validation.minShare' });
	if (value.rule === 'project_count') {
		if (value.min_projects == null && value.max_projects == null)
			ctx.addIssue({ code: 'custom', path: ['max_projects'], message: 'budgets.validation.projectCount' });
		else if (value.min_projects != null && value.max_projects != null && value.min_projects > value.max_projects)
			ctx.addIssue({ code: 'custom', path: ['max_projects'], message: 'budgets.validation.minAboveMax' });
	}
	if (value.eligibility === 'account_age' && value.min_account_age_days == null)
		ctx.addIssue({ code: 'custom', path: ['min_account_age_days'], message: 'budgets.validation.accountAge' });
	if (value.eligibility === 'residents' && !value.resident_postal_codes?.length)
		ctx.addIssue({ code: 'custom', path: ['resident_postal_codes'], message: 'budgets.validation.postalCodes' });
	if (value.opens_at && value.closes_at && Date.parse(value.closes_at) <= Date.parse(value.opens_at))
		ctx.addIssue({ code: 'custom', path: ['closes_at'], message: 'budgets.validation.closesAfter' });
}

export const budgetCreateInput = z.object(budgetFields).superRefine(checkRules);
export type BudgetCreateInput = z.output<typeof budgetCreateInput>;
/** Any setting while nobody has voted; afterwards only `closes_at` (recorded in the admin log). */
export const budgetUpdateInput = z.object(settingFields).partial();
export type BudgetUpdateInput = z.output<typeof budgetUpdateInput>;
/** The settings as they would stand after an edit, checked together. */
export const budgetSettingsCheck = z.object(settingFields).superRefine(checkRules);

const projectFields = {
	title: z.string().trim().min(3).max(200),
	description: z.string().trim().max(20_000),
	cost: euros(1_000_000_000),
	proposal_id: z.uuid().nullish().describe('A proposal of the same space this project comes from.'),
	longitude: z.coerce.number().min(-180).max(180).nullish(),
	latitude: z.coerce.number().min(-90).max(90).nullish(),
	address: z.string().trim().max(250).nullish().describe('Where the project would be, in words.')
};
/** A map point has both coordinates or none. */
function checkPoint(value: { longitude?: number | null; latitude?: number | null }, ctx: z.RefinementCtx) {
	if ((value.longitude == null) !== (value.latitude == null)) ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'budgets.validation.point' });
}
export const projectInput = z.object({ ...projectFields, description: projectFields.description.default('') }).superRefine(checkPoint);
export type ProjectInput = z.output<typeof projectInput>;
/** Any field of a project while nobody has voted; `null` clears the proposal or the map point. */
export const projectUpdateInput = z.object(projectFields).partial();
export type ProjectUpdateInput = z.output<typeof projectUpdateInput>;
/** The project form of the budget page: which project, then every field (empty optional fields clear it). */
export const projectEditForm = z.object({ project_id: z.uuid(), ...projectFields, description: projectFields.description.default('') }).superRefine(checkPoint);
export const projectPointCheck = z.object({ longitude: projectFields.longitude, latitude: projectFields.latitude }).superRefine(checkPoint);

export const basketLineInput = z.object({ project_id: z.uuid() });
export const checkoutInput = z.object({ postal_code: postalCode.optional().describe('Required when the budget is for residents.') });

export const paperVotesInput = z.object({
	counts: z
		.array(z.object({ project_id: z.uuid(), votes: z.coerce.number().int('validation.integer').min(0).max(10_000_000) }))
		.min(1)
		.max(1000)
});
export type PaperVotesInput = z.output<typeof paperVotesInput>;

export const budgetOutput = z.object({
	id: z.uuid(),
	space: z.string(),
	organisation: z.string(),
	title: z.string(),
	description: z.string(),
	total_amount: z.number().int(),
	rule: z.enum(budgetRules),
	min_share_percent: z.number().int().nullable(),
	min_projects: z.number().int().nullable(),
	max_projects: z.number().int().nullable(),
	eligibility: z.enum(budgetEligibilities),
	min_account_age_days: z.number().int().nullable(),
	resident_postal_codes: z.array(z.string()),
	opens_at: z.iso.datetime(),
	closes_at: z.iso.datetime(),
	closed_at: z.iso.datetime().nullable(),
	status: z.enum(['upcoming', 'open', 'closed']),
	url: z.string()
});

export const projectOutput = z.object({
	id: z.uuid(),
	number: z.number().int(),
	title: z.string(),
	description: z.string(),
	cost: z.number().int(),
	proposal_id: z.uuid().nullable(),
	longitude: z.number().nullable(),
	latitude: z.number().nullable(),
	address: z.string().nullable()
});

export const basketOutput = z.object({
	budget_id: z.uuid(),
	project_ids: z.array(z.uuid()),
	spent: z.number().int(),
	remaining: z.number().int(),
	projects: z.number().int(),
	checked_out: z.boolean(),
	checked_out_at: z.iso.datetime().nullable(),
	can_check_out: z.boolean().describe('Whether the basket meets the rule now.')
});

export const resultOutput = z.object({
	budget_id: z.uuid(),
	total_amount: z.number().int(),
	selected_total: z.number().int(),
	voters: z.number().int().describe('People who checked out online.'),
	paper_votes: z.number().int(),
	projects: z.array(
		z.object({
			id: z.uuid(),
			number: z.number().int(),
			title: z.string(),
			cost: z.number().int(),
			online_votes: z.number().int(),
			paper_votes: z.number().int(),
			votes: z.number().int(),
			rank: z.number().int(),
			selected: z.boolean()
		})
	)
});
