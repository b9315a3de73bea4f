import { z } from 'zod';
import type { Operation } from '#lib/server/api/openapi.js';
import {
	categoryOutput,
	competencesInput,
	connectorInput,
	fallbackInput,
	forwardingOutput,
	geocodeQuery,
	nearbyQuery,
	photoOutput,
	photoVisibilityInput,
	reportCreateApiInput,
	reportListQuery,
	reportOutput,
	reportRerouteInput,
	reportStatusInput,
	serviceUpdateInput
} from './api.js';
import { bulkStatusInput, bulkStatusOutput, queuePageOutput, queueQuery, templateInput, templateOutput } from './api.js';

const settingsOutput = z.object({ categories: z.array(z.string()), priority: z.number().int(), allow_anonymous: z.boolean(), fallback: z.boolean() });
const connectorOutput = z.object({
	id: z.uuid(),
	kind: z.enum(['open311', 'webhook', 'email']),
	category: z.string().nullable(),
	url: z.string().nullable(),
	jurisdiction_id: z.string().nullable(),
	service_code: z.string().nullable(),
	email: z.string().nullable(),
	enabled: z.boolean(),
	has_api_key: z.boolean(),
	has_secret: z.boolean()
});
const report = (description: string, status = 200) => ({ status, description, schema: reportOutput });
const T = 'Issue reports';

export const streetReportOperations: Operation[] = [
	{
		method: 'get', path: '/issue-reports', tag: T, auth: 'public', summary: 'Reports, newest first, with filters; no personal data (contact details to the handling agents only).',
		query: reportListQuery, response: { status: 200, description: 'A page of reports', schema: z.object({ items: z.array(reportOutput), next_cursor: z.string().nullable() }) },
		errors: ['validation_failed']
	},
	{
		method: 'post', path: '/issue-reports', tag: T, auth: 'public',
		summary: 'Report a problem at a point: routed to the organisation competent for the category there (else the fallback organisation) and forwarded to its reporting service. Anonymous unless that organisation refuses it. Photos are re-encoded as JPEG with every metadata (EXIF, GPS) removed; an invalid one refuses the whole report. The answer carries the tracking code.',
		body: reportCreateApiInput, response: report('The report, with its tracking code', 201), errors: ['unauthenticated', 'validation_failed', 'invalid_json', 'bad_request', 'payload_too_large']
	},
	{
		method: 'get', path: '/issue-reports/categories', tag: T, auth: 'public', summary: 'The category tree, parents before their children.',
		response: { status: 200, description: 'Categories', schema: z.object({ items: z.array(categoryOutput) }) }, errors: []
	},
	{
		method: 'get', path: '/issue-reports/geocode', tag: T, auth: 'public',
		summary: "Places matching a French address, best first, from the portal's geocoder (Base Adresse Nationale API): to place a report from its address.",
		query: geocodeQuery,
		response: { status: 200, description: 'Places (an empty list when nothing matches)', schema: z.object({ items: z.array(z.object({ label: z.string(), latitude: z.number(), longitude: z.number(), score: z.number().nullable() })) }) },
		errors: ['validation_failed', 'service_unavailable']
	},
	{
		method: 'get', path: '/issue-reports/nearby', tag: T, auth: 'public', summary: 'Open reports of a category within a radius, nearest first (possible duplicates).',
		query: nearbyQuery, response: { status: 200, description: 'Nearby reports', schema: z.object({ items: z.array(reportOutput.extend({ distance_m: z.number().int() })) }) },
		errors: ['validation_failed']
	},
	{
		method: 'get', path: '/issue-reports/tracking/{code}', tag: T, auth: 'public', summary: 'A report by its tracking code (case and spaces ignored), with its history.',
		response: report('The report'), errors: ['not_found', 'validation_failed']
	},
	{
		method: 'get', path: '/issue-reports/{id}', tag: T, auth: 'public', summary: 'A report with its status history.',
		response: report('The report'), errors: ['not_found']
	},
	{
		method: 'post', path: '/issue-reports/{id}/status', tag: T, auth: 'user', summary: 'Change the status with a public and a private comment (agents of the handling organisation); followers are notified.',
		body: reportStatusInput, response: report('The report'), errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'post', path: '/issue-reports/{id}/reroute', tag: T, auth: 'user', summary: 'Hand the report to another organisation whose territory holds its point, with a reason kept in the history (agents).',
		body: reportRerouteInput, response: report('The report'), errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'conflict', 'invalid_json']
	},
	{
		method: 'put', path: '/issue-reports/{id}/photos/{position}', tag: T, auth: 'user', summary: 'Hide a photo from the public (a face, a licence plate) or show it again (agents of the handling organisation); a hidden photo is served to them only.',
		body: photoVisibilityInput, response: { status: 200, description: 'The photo', schema: photoOutput }, errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'post', path: '/issue-reports/{id}/follow', tag: T, auth: 'user', summary: 'Follow a report (instead of filing a duplicate): its status changes are notified.',
		response: { status: 204, description: 'Following' }, errors: ['unauthenticated', 'not_found']
	},
	{
		method: 'delete', path: '/issue-reports/{id}/follow', tag: T, auth: 'user', summary: 'Stop following a report.',
		response: { status: 204, description: 'Not following' }, errors: ['unauthenticated', 'not_found']
	},
	{
		method: 'get', path: '/issue-reports/organisations/{slug}/settings', tag: T, auth: 'public', summary: 'Categories an organisation is competent for, their priority, and whether it takes anonymous reports.',
		response: { status: 200, description: 'Settings', schema: settingsOutput }, errors: ['not_found']
	},
	{
		method: 'put', path: '/issue-reports/organisations/{slug}/settings', tag: T, auth: 'user', summary: 'Replace the competent categories, their priority and the anonymous setting (organisation administrators).',
		body: competencesInput, response: { status: 200, description: 'Settings', schema: settingsOutput }, errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'get', path: '/issue-reports/organisations/{slug}/connectors', tag: T, auth: 'user', summary: 'The organisation’s connectors (secrets are never shown back).',
		response: { status: 200, description: 'Connectors', schema: z.object({ items: z.array(connectorOutput) }) }, errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'put', path: '/issue-reports/organisations/{slug}/connectors', tag: T, auth: 'user', summary: 'Create or replace the connector (Open311 GeoReport v2, signed webhook or e-mail) for all categories or one.',
		body: connectorInput, response: { status: 200, description: 'The connector (an Open311 or webhook URL leading to the machine or its local network is a 400)', schema: connectorOutput },
		errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json', 'bad_request']
	},
	{
		method: 'get', path: '/issue-reports/organisations/{slug}/forwardings', tag: T, auth: 'user', summary: 'Forwardings not delivered yet (retrying or failed), with the reason and the next try.',
		response: { status: 200, description: 'Forwardings', schema: z.object({ items: z.array(forwardingOutput.extend({ next_attempt_at: z.iso.datetime().nullable() })) }) },
		errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'post', path: '/issue-reports/forwardings/{id}/retry', tag: T, auth: 'user', summary: 'Try a waiting or failed forwarding again now (organisation administrators).',
		response: { status: 202, description: 'Queued' }, errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict']
	},
	{
		method: 'put', path: '/issue-reports/fallback', tag: T, auth: 'user', summary: 'The organisation that receives reports nobody is competent for (platform administrators).',
		body: fallbackInput, response: { status: 200, description: 'The fallback organisation', schema: z.object({ organisation: z.string() }) },
		errors: ['unauthenticated', 'forbidden', 'validation_failed', 'invalid_json']
	},
	{
		method: 'post', path: '/issue-reports/open311/servicerequestupdates', tag: T, auth: 'public',
		summary: 'Status updates pushed by a reporting service (FixMyStreet servicerequestupdates fields, form-encoded or JSON; posts from servers need no Origin, cookies are ignored); authenticated by the connector’s api_key; a repeated update_id is applied once.',
		body: serviceUpdateInput, response: { status: 200, description: 'Acknowledged', schema: z.array(z.object({ update_id: z.string() })) },
		errors: ['forbidden', 'validation_failed', 'invalid_json', 'bad_request']
	},
	// The agents' queue, bulk answers and answer templates.
	{
		method: 'get', path: '/issue-reports/queue', tag: T, auth: 'user',
		summary: 'The agent’s queue: reports of the organisations they work for (agents only), filtered by organisation, status, category and words, sorted (newest, oldest, updated, category in tree order, nearest to near_lat/near_lon), in bounded pages.',
		query: queueQuery, response: { status: 200, description: 'A page of the queue', schema: queuePageOutput }, errors: ['unauthenticated', 'forbidden', 'validation_failed']
	},
	{
		method: 'post', path: '/issue-reports/bulk-status', tag: T, auth: 'user',
		summary: 'One status with a public and a private comment (or a template’s text) on many reports at once, all or nothing: an unknown report is a 400, a report of another organisation a 403. Each report gets its history entry; reporters are notified.',
		body: bulkStatusInput, response: { status: 200, description: 'The changed reports', schema: bulkStatusOutput }, errors: ['unauthenticated', 'forbidden', 'bad_request', 'validation_failed', 'invalid_json']
	},
	{
		method: 'get', path: '/issue-reports/organisations/{slug}/templates', tag: T, auth: 'user', summary: 'The organisation’s answer templates (its agents and administrators).',
		response: { status: 200, description: 'Templates', schema: z.object({ items: z.array(templateOutput) }) }, errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'post', path: '/issue-reports/organisations/{slug}/templates', tag: T, auth: 'user', summary: 'Add an answer template: a title, the status it suggests (optional) and its public text.',
		body: templateInput, response: { status: 201, description: 'The template', schema: templateOutput }, errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json', 'bad_request']
	},
	{
		method: 'get', path: '/issue-reports/organisations/{slug}/templates/{id}', tag: T, auth: 'user', summary: 'One answer template.',
		response: { status: 200, description: 'The template', schema: templateOutput }, errors: ['unauthenticated', 'forbidden', 'not_found']
	},
	{
		method: 'put', path: '/issue-reports/organisations/{slug}/templates/{id}', tag: T, auth: 'user', summary: 'Replace an answer template.',
		body: templateInput, response: { status: 200, description: 'The template', schema: templateOutput }, errors: ['unauthenticated', 'forbidden', 'not_found', 'validation_failed', 'invalid_json']
	},
	{
		method: 'delete', path: '/issue-reports/organisations/{slug}/templates/{id}', tag: T, auth: 'user', summary: 'Delete an answer template.',
		response: { status: 204, description: 'Deleted' }, errors: ['unauthenticated', 'forbidden', 'not_found']
	}
];
