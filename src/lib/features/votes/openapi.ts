import { z } from 'zod';
import type { Operation } from '#lib/server/api/openapi.js';
import { ballotInput, ballotOutput, ballotQuery, minutesQuery, pledgeInput, pledgeStateOutput, pledgeWithdrawQuery, resultsOutput, voteCreateInput, voteItemsInput, voteOutput, voteUpdateInput } from './api.js';

const resultsErrors = ['unauthenticated', 'forbidden', 'not_found'] as const;

export const voteOperations: Operation[] = [
	{
		method: 'get', path: '/spaces/{slug}/votes', tag: 'Votes', auth: 'public', summary: 'Point votes of a space, latest first.',
		response: { status: 200, description: 'The votes', schema: z.object({ items: z.array(voteOutput) }) }, errors: ['not_found']
	},
	{
		method: 'post', path: '/spaces/{slug}/votes', tag: 'Votes', auth: 'user',
		summary: 'Create a point vote with its settings and items (proposals of the space or items created for it).',
		body: voteCreateInput, response: { status: 201, description: 'The vote', schema: voteOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed']
	},
	{
		method: 'get', path: '/votes/{id}', tag: 'Votes', auth: 'public', summary: 'One vote, its settings and items.',
		response: { status: 200, description: 'The vote', schema: voteOutput }, errors: ['not_found']
	},
	{
		method: 'patch', path: '/votes/{id}', tag: 'Votes', auth: 'user',
		summary: 'Change the rules; once a ballot exists only closes_at may move (recorded in the admin log).',
		body: voteUpdateInput, response: { status: 200, description: 'The vote', schema: voteOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict']
	},
	{
		method: 'post', path: '/votes/{id}/items', tag: 'Votes', auth: 'user', summary: 'Add items, before the first ballot.',
		body: voteItemsInput, response: { status: 201, description: 'The vote', schema: voteOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict']
	},
	{
		method: 'post', path: '/votes/{id}/close', tag: 'Votes', auth: 'user', summary: 'Close the vote now (recorded in the admin log).',
		response: { status: 200, description: 'The closed vote', schema: voteOutput }, errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict']
	},
	{
		method: 'get', path: '/votes/{id}/ballot', tag: 'Votes', auth: 'user',
		summary: 'The caller’s ballot (own, or their organisation’s) with points left and its change history.',
		query: ballotQuery, response: { status: 200, description: 'The ballot', schema: ballotOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed']
	},
	{
		method: 'put', path: '/votes/{id}/ballot', tag: 'Votes', auth: 'user',
		summary: 'Replace the whole ballot. Over-allocation, unused points (when all must be used) and unknown items are refused with 422; a closed vote with 409.',
		body: ballotInput, response: { status: 200, description: 'The ballot', schema: ballotOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict']
	},
	{
		method: 'get', path: '/votes/{id}/results', tag: 'Votes', auth: 'public',
		summary: 'Per item: points, voters, rank, funded, pledges; the per-voter breakdown when public. Visibility follows the vote’s rule.',
		response: { status: 200, description: 'The results', schema: resultsOutput }, errors: [...resultsErrors]
	},
	{
		method: 'get', path: '/votes/{id}/results.csv', tag: 'Votes', auth: 'public', summary: 'The results as CSV (RFC 4180, UTF-8).',
		response: { status: 200, description: 'CSV: rank, item_id, title, cost_estimate, points, voters, funded, pledged, pledge_funded' }, errors: [...resultsErrors]
	},
	{
		method: 'get', path: '/votes/{id}/minutes', tag: 'Votes', auth: 'public', summary: 'The results as a Markdown or HTML block for the meeting minutes.',
		query: minutesQuery, response: { status: 200, description: 'text/markdown or text/html' }, errors: [...resultsErrors, 'validation_failed']
	},
	{
		method: 'put', path: '/votes/{id}/items/{itemId}/pledge', tag: 'Votes', auth: 'user',
		summary: 'Pledge (or change) an organisation’s co-funding of an item; the item is funded when pledges reach its estimate.',
		body: pledgeInput, response: { status: 200, description: 'The item’s pledges', schema: pledgeStateOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict']
	},
	{
		method: 'delete', path: '/votes/{id}/items/{itemId}/pledge', tag: 'Votes', auth: 'user', summary: 'Withdraw a pledge, while the item is not funded.',
		query: pledgeWithdrawQuery, response: { status: 204, description: 'Withdrawn' }, errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict']
	}
];
