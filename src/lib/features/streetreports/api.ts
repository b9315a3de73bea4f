import { z } from 'zod';
import { base64FileInput } from '#lib/server/files/base64-files.js';
import { checkbox } from '../spaces/api.js';
import { connectorKinds, forwardingStatuses, streetReportStatuses } from './schema.js';

export const MAX_DESCRIPTION = 5_000;
/** Open reports of the same category within this distance are offered as duplicates. */
export const DEFAULT_NEARBY_RADIUS_M = 50;

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
// A blank field is a missing coordinate, not 0 (which `Number('')` would make of it).
const coordinate = (key: string, limit: number) => z.coerce.number({ error: key }).min(-limit, key).max(limit, key);
const latitude = coordinate('streetreports.validation.latitude', 90);
const longitude = coordinate('streetreports.validation.longitude', 180);
const given = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema);
const categorySlug = z.string().trim().min(1).max(80).describe('Slug of a category of the tree (GET /issue-reports/categories).');

/** A report is placed by its point, or by an address the geocoder finds (GET /geocode). */
export const reportCreateInput = z.object({
	category: categorySlug,
	latitude: given(latitude.optional()).describe('With longitude; may be left out when `address` is given (it is then geocoded).'),
	longitude: given(longitude.optional()),
	address: z.preprocess(blankToUndefined, z.string().trim().max(300).optional()),
	description: z.string().trim().min(10).max(MAX_DESCRIPTION),
	contact_name: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
	contact_email: z.preprocess(blankToUndefined, z.email({ error: 'validation.email' }).max(254).optional()),
	contact_phone: z.preprocess(blankToUndefined, z.string().trim().regex(/^\+?[0-9 .()-]{6,25}$/, 'streetreports.validation.phone').optional())
}).superRefine((input, context) => {
	if (input.latitude !== undefined && input.longitude === undefined) context.addIssue({ code: 'custom', path: ['longitude'], message: 'streetreports.validation.longitude' });
	else if (input.latitude === undefined && input.longitude !== undefined) context.addIssue({ code: 'custom', path: ['latitude'], message: 'streetreports.validation.latitude' });
	else if (input.latitude === undefined && !input.address) context.addIssue({ code: 'custom', path: ['latitude'], message: 'streetreports.validation.pointOrAddress' });
});
export type ReportCreateInput = z.output<typeof reportCreateInput>;

export const reportStatusInput = z.object({
	status: z.enum(streetReportStatuses),
	public_comment: z.string().trim().max(5_000).default(''),
	private_comment: z.string().trim().max(5_000).default(''),
	template: z
		.preprocess(blankToUndefined, z.uuid({ error: 'streetreports.validation.template' }).optional())
		.describe('An answer template of the organisation: fills an empty public comment.')
});

export const reportRerouteInput = z.object({
	organisation: z.string().trim().min(1).max(100).describe('Slug of the organisation that takes the report over.'),
	reason: z.string().trim().min(3).max(2_000)
});

export const reportListQuery = z.object({
	organisation: z.string().trim().max(100).optional().describe('Slug of the handling organisation.'),
	category: z.string().trim().max(80).optional(),
	status: z.enum(streetReportStatuses).optional(),
	cursor: z.string().max(500).optional().describe('Opaque cursor returned as `next_cursor`.'),
	limit: z.coerce.number().int().min(1).max(100).default(20)
});

export const geocodeQuery = z.object({
	q: z.string().trim().min(3).max(200).describe('A French address, free text (« 12 rue de la Paix Auray »).'),
	limit: z.coerce.number().int().min(1).max(10).default(5)
});

export const nearbyQuery = z.object({
	category: categorySlug,
	latitude: given(latitude),
	longitude: given(longitude),
	radius: z.coerce.number().int().min(1).max(500).default(DEFAULT_NEARBY_RADIUS_M).describe('Metres (1–500, default 50).')
});

export const trackingCodePattern = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
export const trackingQuery = z.object({
	code: z
		.string()
		.trim()
		.transform((value) => value.toUpperCase().replace(/\s+/g, ''))
		.pipe(z.string().regex(trackingCodePattern, 'streetreports.validation.trackingCode'))
});

export const competencesInput = z.object({
	categories: z.array(z.string().trim().min(1).max(80)).max(500).describe('Slugs of every category the organisation handles (replaces the list).'),
	priority: z.coerce.number().int().min(0).max(1000).default(0).describe('Higher wins when several organisations are competent at a place.'),
	allow_anonymous: z.boolean().default(true)
});

export const connectorInput = z
	.object({
		kind: z.enum(connectorKinds),
		category: z.preprocess(blankToUndefined, z.string().trim().max(80).optional()).describe('Only for this category; absent: every category.'),
		url: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'validation.url' }).max(500).optional()),
		api_key: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
		jurisdiction_id: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
		service_code: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()),
		secret: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
		email: z.preprocess(blankToUndefined, z.email({ error: 'validation.email' }).max(254).optional()),
		enabled: z.boolean().default(true)
	})
	.superRefine((value, ctx) => {
		if (value.kind !== 'email' && !value.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'streetreports.validation.connectorUrl' });
		if (value.kind === 'open311' && !value.api_key) ctx.addIssue({ code: 'custom', path: ['api_key'], message: 'validation.required' });
		if (value.kind === 'webhook' && !/^whsec_[A-Za-z0-9+/=]{32,}$/.test(value.secret ?? ''))
			ctx.addIssue({ code: 'custom', path: ['secret'], message: 'streetreports.validation.webhookSecret' });
		if (value.kind === 'email' && !value.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'validation.required' });
	});
export type ConnectorInput = z.output<typeof connectorInput>;

export const fallbackInput = z.object({ organisation: z.string().trim().min(1).max(100) });

/** Photos are sent as base64 in the API (`multipart` files on the page); each is re-encoded as JPEG without metadata. */
export const photoInput = base64FileInput('JPEG, PNG, WebP or GIF, at most 8 MB; re-encoded as JPEG of at most 2048 px, every metadata (EXIF, GPS) removed.');
export const reportCreateApiInput = reportCreateInput.extend({
	photos: z.array(photoInput).default([]).describe('Up to REPORT_MAX_PHOTOS photos (3 by default), in the order shown.')
});

/** An agent of the handling organisation hides a photo (a face, a licence plate) or shows it again. */
export const photoVisibilityInput = z.object({ hidden: checkbox.describe('true: served to the organisation’s agents only.') });

export const photoOutput = z.object({
	position: z.number().int().describe('1, 2, 3… in the order sent.'),
	url: z.string().describe('The JPEG: `…/signalements/{id}/photos/{position}.jpg`.'),
	width: z.number().int(),
	height: z.number().int(),
	hidden: z.boolean().optional().describe('Only to the organisation’s agents, who still see hidden photos.')
});

const eventOutput = z.object({
	type: z.string().describe('`created`, `rerouted`, `status`, `forwarded`, `forward_failed`, `photo_hidden` or `photo_shown`.'),
	status: z.enum(streetReportStatuses).nullable(),
	organisation: z.string().nullable().describe('Name of the organisation handling the report after this event.'),
	from_organisation: z.string().nullable(),
	public_comment: z.string().nullable(),
	private_comment: z.string().nullable().optional().describe('Agents of the handling organisation only.'),
	actor: z.string().nullable().optional().describe('Name of the agent who acted (`source` `agent`); agents of the handling organisation only.'),
	photo: z.number().int().nullable().optional().describe('`photo_hidden`, `photo_shown`: the photo’s position; agents of the handling organisation only.'),
	source: z.string(),
	at: z.iso.datetime()
});

export const reportOutput = z.object({
	id: z.uuid(),
	tracking_code: z.string().optional().describe('Only in the answer to its creation and to staff.'),
	category: z.object({ slug: z.string(), name: z.string() }),
	organisation: z.object({ slug: z.string(), name: z.string() }).nullable(),
	routing: z.enum(['competence', 'fallback', 'rerouted']),
	status: z.enum(streetReportStatuses),
	latitude: z.number(),
	longitude: z.number(),
	address: z.string().nullable(),
	description: z.string(),
	created_at: z.iso.datetime(),
	updated_at: z.iso.datetime(),
	history: z.array(eventOutput).optional(),
	photos: z.array(photoOutput).optional().describe('On a single report; hidden ones to the organisation’s agents only.'),
	url: z.string()
});

export const categoryOutput = z.object({ slug: z.string(), name: z.string(), parent: z.string().nullable() });

export const forwardingOutput = z.object({
	id: z.uuid(),
	report_id: z.uuid(),
	tracking_code: z.string(),
	connector: z.enum(connectorKinds),
	status: z.enum(forwardingStatuses),
	service_request_id: z.string().nullable(),
	attempts: z.number().int(),
	last_error: z.string().nullable(),
	updated_at: z.iso.datetime()
});

/** A status update pushed by a reporting service (FixMyStreet's `servicerequestupdates` fields). */
export const serviceUpdateInput = z.object({
	api_key: z.string().min(1).max(200),
	service_request_id: z.coerce.string().min(1).max(200),
	update_id: z.coerce.string().min(1).max(200),
	status: z.string().trim().min(1).max(100).describe('open, closed, or an extended status: IN_PROGRESS, FIXED, DUPLICATE, NOT_COUNCILS_RESPONSIBILITY…'),
	description: z.string().trim().max(5_000).default(''),
	updated_datetime: z.string().max(40).optional()
});

// The agents' queue, bulk answers and answer templates.

export const queueSorts = ['newest', 'oldest', 'updated', 'category', 'nearest'] as const;
export type QueueSort = (typeof queueSorts)[number];
/** Pages are bounded: past this, narrow the filters. */
export const QUEUE_MAX_PAGE = 200;
export const BULK_MAX = 100;

export const queueQuery = z
	.object({
		organisation: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()).describe('Slug of one organisation the agent works for; absent: all of them.'),
		status: z.preprocess(blankToUndefined, z.enum(streetReportStatuses).optional()),
		category: z.preprocess(blankToUndefined, z.string().trim().max(80).optional()).describe('Slug of a category; its sub-categories are included.'),
		q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()).describe('Words searched in the description, the address and the tracking code.'),
		sort: z.preprocess(blankToUndefined, z.enum(queueSorts).default('newest')),
		near_lat: z.preprocess(blankToUndefined, latitude.optional()).describe('With `sort=nearest`: the point to measure from.'),
		near_lon: z.preprocess(blankToUndefined, longitude.optional()),
		page: z.coerce.number().int().min(1).max(QUEUE_MAX_PAGE).default(1),
		limit: z.coerce.number().int().min(1).max(100).default(50)
	})
	.superRefine((value, ctx) => {
		if (value.sort === 'nearest' && (value.near_lat === undefined || value.near_lon === undefined))
			ctx.addIssue({ code: 'custom', path: ['near_lat'], message: 'streetreports.validation.nearPoint' });
	});
export type QueueQuery = z.output<typeof queueQuery>;

export const bulkStatusInput = reportStatusInput.extend({
	ids: z
		.array(z.uuid({ error: 'streetreports.validation.reportIds' }), { error: 'streetreports.validation.reportIds' })
		.min(1, 'streetreports.validation.noSelection')
		.max(BULK_MAX, 'streetreports.validation.tooMany')
		.describe(`Reports to change (1–${BULK_MAX}), all handled by organisations the agent works for.`)
});
export type BulkStatusInput = z.output<typeof bulkStatusInput>;

export const templateInput = z.object({
	title: z.string().trim().min(2).max(120),
	status: z.preprocess(blankToUndefined, z.enum(streetReportStatuses).nullable().optional()).describe('The status the template sets; absent: none.'),
	public_text: z.string().trim().min(3).max(5_000)
});
export type TemplateInput = z.output<typeof templateInput>;

export const templateOutput = z.object({
	id: z.uuid(),
	organisation: z.string().describe('Slug of the organisation.'),
	title: z.string(),
	status: z.enum(streetReportStatuses).nullable(),
	public_text: z.string(),
	updated_at: z.iso.datetime()
});

export const queuePageOutput = z.object({
	items: z.array(reportOutput),
	page: z.number().int(),
	pages: z.number().int(),
	total: z.number().int()
});

export const bulkStatusOutput = z.object({ updated: z.number().int(), items: z.array(reportOutput) });
