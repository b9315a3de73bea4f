import { z } from 'zod';
import { memberRoles, organisationKinds } from './schema.js';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4);
export const territoryInput = z.discriminatedUnion('type', [
	z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
	z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) })
]);

/** A territory as administrators export it from a GIS: a geometry, a Feature, or a one-feature FeatureCollection. */
export function territoryGeometryOf(value: unknown): unknown {
	const object = value as { type?: string; geometry?: unknown; features?: { geometry?: unknown }[] } | null;
	if (object?.type === 'Feature') return object.geometry;
	if (object?.type === 'FeatureCollection' && object.features?.length === 1) return object.features[0].geometry;
	return value;
}

const httpsUrl = z
	.string()
	.trim()
	.max(500)
	.refine((value) => /^https:\/\/[^\s]+$/.test(value), { error: 'validation.url' });
const optionalHttpsUrl = z.union([z.literal('').transform(() => null), httpsUrl]).nullish();

export const organisationSettingsInput = z.object({
	name: z.string().trim().min(2).max(120),
	description: z.string().trim().max(2000).default(''),
	accentColor: z
		.string()
		.trim()
		.regex(/^#[0-9a-fA-F]{6}$/, { error: 'validation.color' })
		.describe('Hex colour shown on the organisation pages, e.g. #1d4e89.'),
	logoUrl: optionalHttpsUrl.describe('HTTPS address of the logo image.'),
	website: optionalHttpsUrl
});

export const organisationCreateInput = organisationSettingsInput.extend({
	slug: z
		.string()
		.trim()
		.min(2)
		.max(60)
		.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'validation.slug' }),
	kind: z.enum(organisationKinds),
	territory: territoryInput.nullish()
});

export const membershipInput = z.object({
	email: z.string().trim().toLowerCase().pipe(z.email({ error: 'validation.email' })),
	role: z.enum(memberRoles)
});

export const organisationOutput = z.object({
	id: z.uuid(),
	slug: z.string(),
	name: z.string(),
	kind: z.enum(organisationKinds),
	description: z.string(),
	accent_color: z.string(),
	logo_url: z.string().nullable(),
	website: z.string().nullable(),
	bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable().describe('[west, south, east, north]'),
	url: z.string()
});
