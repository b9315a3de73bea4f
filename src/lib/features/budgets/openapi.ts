import { z } from 'zod';
import type { Operation } from '#lib/server/api/openapi.js';
import { basketLineInput, basketOutput, budgetCreateInput, budgetOutput, budgetUpdateInput, checkoutInput, paperVotesInput, projectInput, projectOutput, projectUpdateInput, resultOutput } from './api.js';

const basket = (description: string, status = 200) => ({ status, description, schema: basketOutput });
const voting: Operation['errors'] = ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'validation_failed'];

export const budgetOperations: Operation[] = [
	{
		method: 'get', path: '/spaces/{slug}/budgets', tag: 'Budgets', auth: 'public', summary: 'Participatory budgets of a space.',
		response: { status: 200, description: 'The budgets', schema: z.object({ items: z.array(budgetOutput) }) }, errors: ['not_found']
	},
	{
		method: 'post', path: '/spaces/{slug}/budgets', tag: 'Budgets', auth: 'user', summary: 'Create a participatory budget (organisation administrators). Amounts are whole euros.',
		body: budgetCreateInput, response: { status: 201, description: 'The budget', schema: budgetOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'get', path: '/budgets/{id}', tag: 'Budgets', auth: 'public', summary: 'One budget with its rule, eligibility and voting window.',
		response: { status: 200, description: 'The budget', schema: budgetOutput }, errors: ['not_found']
	},
	{
		method: 'patch', path: '/budgets/{id}', tag: 'Budgets', auth: 'user',
		summary: 'Edit the settings (organisation administrators): any of them while nobody has voted; afterwards only `closes_at` (409 otherwise). Moves of the closing date go to the admin log.',
		body: budgetUpdateInput, response: { status: 200, description: 'The budget', schema: budgetOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'validation_failed', 'invalid_json']
	},
	{
		method: 'post', path: '/budgets/{id}/close', tag: 'Budgets', auth: 'user', summary: 'Close the vote now; results become public. Idempotent.',
		response: { status: 200, description: 'The closed budget', schema: budgetOutput }, errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'get', path: '/budgets/{id}/projects', tag: 'Budgets', auth: 'public', summary: 'Projects of a budget, by number.',
		response: { status: 200, description: 'The projects', schema: z.object({ items: z.array(projectOutput) }) }, errors: ['not_found']
	},
	{
		method: 'post', path: '/budgets/{id}/projects', tag: 'Budgets', auth: 'user', summary: 'Add a project (cost in whole euros, optional proposal, map point and address); refused once votes exist.',
		body: projectInput, response: { status: 201, description: 'The project', schema: projectOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'validation_failed', 'invalid_json']
	},
	{
		method: 'patch', path: '/budgets/{id}/projects/{projectId}', tag: 'Budgets', auth: 'user', summary: 'Edit a project; refused (409) once votes exist or the vote is closed.',
		body: projectUpdateInput, response: { status: 200, description: 'The project', schema: projectOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'validation_failed', 'invalid_json']
	},
	{
		method: 'delete', path: '/budgets/{id}/projects/{projectId}', tag: 'Budgets', auth: 'user', summary: 'Delete a project (it leaves the baskets it was in); refused (409) once votes exist or the vote is closed.',
		response: { status: 204, description: 'Deleted' }, errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict']
	},
	{
		method: 'get', path: '/budgets/{id}/basket', tag: 'Budgets', auth: 'user', summary: 'The caller’s basket: projects, spent and remaining amounts, whether it is checked out.',
		response: basket('The basket'), errors: ['unauthenticated', 'not_found']
	},
	{
		method: 'post', path: '/budgets/{id}/basket/projects', tag: 'Budgets', auth: 'user',
		summary: 'Add a project to the basket. 422 with `fields.project_id` when it costs more than what is left, or passes the maximum number of projects.',
		body: basketLineInput, response: basket('The basket'), errors: voting
	},
	{
		method: 'delete', path: '/budgets/{id}/basket/projects/{projectId}', tag: 'Budgets', auth: 'user', summary: 'Remove a project from the basket.',
		response: basket('The basket'), errors: voting
	},
	{
		method: 'post', path: '/budgets/{id}/checkout', tag: 'Budgets', auth: 'user',
		summary: 'Vote: check the basket out against the rule (422 with `fields.basket`) and the eligibility (403). Once per person: 201 the first time, 200 afterwards.',
		body: checkoutInput, response: basket('The checked-out basket', 201), errors: voting
	},
	{
		method: 'delete', path: '/budgets/{id}/vote', tag: 'Budgets', auth: 'user', summary: 'Cancel the caller’s vote while the vote is open; the basket is kept.',
		response: basket('The basket, no longer checked out'), errors: voting
	},
	{
		method: 'get', path: '/budgets/{id}/results', tag: 'Budgets', auth: 'public',
		summary: 'Votes per project (online, paper, total), rank and greedy selection within the budget. Public once closed; organisers and agents before.',
		response: { status: 200, description: 'The results', schema: resultOutput }, errors: ['not_found', 'conflict']
	},
	{
		method: 'get', path: '/budgets/{id}/results.csv', tag: 'Budgets', auth: 'public', summary: 'The results as CSV.',
		response: { status: 200, description: 'CSV (text/csv)' }, errors: ['not_found', 'conflict']
	},
	{
		method: 'get', path: '/budgets/{id}/results.pb', tag: 'Budgets', auth: 'public', summary: 'The results and anonymous ballots in the Pabulib format (META, PROJECTS, VOTES).',
		response: { status: 200, description: 'Pabulib file (text/plain)' }, errors: ['not_found', 'conflict']
	},
	{
		method: 'put', path: '/budgets/{id}/paper-votes', tag: 'Budgets', auth: 'user',
		summary: 'Enter counted paper votes per project (organisation agents and administrators): JSON `counts`, or a `text/csv` body with columns `project` (number or id) and `votes`.',
		body: paperVotesInput, response: { status: 200, description: 'The results', schema: resultOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	}
];
