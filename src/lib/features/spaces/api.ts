import { z } from 'zod';
import { capabilityNames, spaceKinds, spaceMemberRoles, spaceVisibilities } from './schema.js';

/** One schema per input: forms, API and OpenAPI share these. */
const slug = z
	.string()
	.trim()
	.min(2)
	.max(80)
	.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'validation.slug' });
const title = z.string().trim().min(3).max(150);
const description = z.string().trim().max(5000).default('');
/** Checkboxes send "on" or nothing; JSON sends booleans. */
export const checkbox = z.preprocess((value) => value === true || value === 'on' || value === 'true', z.boolean());
const count = (max: number) => z.coerce.number().int().min(0).max(max);

export const spaceRulesInput = z.object({
	proposalsPerAuthor: count(1000).default(0).describe('Published proposals per author (0 = no limit).'),
	supportsPerParticipant: count(10000).default(0).describe('Supports one participant may give in the space (0 = no limit).'),
	supportThreshold: count(1_000_000).default(0).describe('Supports a proposal needs to be reached (0 = none).'),
	countBeyondThreshold: checkbox.default(true).describe('Whether supports keep counting past the threshold.'),
	minimumSupportsPerParticipant: count(100).default(0).describe('A participant’s supports count only once they gave this many.'),
	commentDepth: z.coerce.number().int().min(1).max(6).default(3),
	reportThreshold: z.coerce.number().int().min(1).max(100).default(3)
});

export const capabilitiesInput = z.object(
	Object.fromEntries(capabilityNames.map((name) => [name, checkbox.default(false)])) as Record<
		(typeof capabilityNames)[number],
		z.ZodDefault<typeof checkbox>
	>
);

const optionalDate = z.preprocess(
	(value) => (value === '' || value === null ? undefined : value),
	z.coerce.date().optional()
);

export const phaseInput = z.object({
	title: z.string().trim().min(2).max(120),
	description: z.string().trim().max(2000).default(''),
	startsAt: optionalDate.describe('ISO date'),
	endsAt: optionalDate.describe('ISO date'),
	capabilities: capabilitiesInput
});

export const spaceSettingsInput = z.object({
	title,
	description,
	visibility: z.enum(spaceVisibilities),
	rules: spaceRulesInput
});

export const spaceCreateInput = spaceSettingsInput.extend({
	organisation: z.string().trim().min(1).max(60).describe('Slug of the organisation the space belongs to.'),
	slug,
	kind: z.enum(spaceKinds),
	rules: spaceRulesInput.default(spaceRulesInput.parse({})),
	/** Processes: the ordered phases (the first is active). Standing groups get one always-active phase. */
	phases: z.array(phaseInput).max(20).default([])
});

export const spaceMemberInput = z.object({
	email: z.string().trim().toLowerCase().pipe(z.email({ error: 'validation.email' })),
	role: z.enum(spaceMemberRoles).default('member')
});

export const spaceListQuery = z.object({
	organisation: z.string().max(60).optional().describe('Only the spaces of this organisation (slug).'),
	cursor: z.string().max(500).optional().describe('Opaque cursor returned as `next_cursor` by the previous page.'),
	limit: z.coerce.number().int().min(1).max(100).default(20).describe('Items per page (1–100, default 20).')
});

const capabilitiesOutput = z.object(Object.fromEntries(capabilityNames.map((name) => [name, z.boolean()])) as Record<(typeof capabilityNames)[number], z.ZodBoolean>);

export const phaseOutput = z.object({
	id: z.uuid(),
	position: z.number().int(),
	title: z.string(),
	description: z.string(),
	starts_at: z.string().nullable(),
	ends_at: z.string().nullable(),
	is_active: z.boolean(),
	capabilities: capabilitiesOutput
});

export const spaceOutput = z.object({
	id: z.uuid(),
	slug: z.string(),
	kind: z.enum(spaceKinds),
	title: z.string(),
	description: z.string(),
	visibility: z.enum(spaceVisibilities),
	organisation: z.object({ slug: z.string(), name: z.string() }),
	rules: z.object({
		proposalsPerAuthor: z.number(),
		supportsPerParticipant: z.number(),
		supportThreshold: z.number(),
		countBeyondThreshold: z.boolean(),
		minimumSupportsPerParticipant: z.number(),
		commentDepth: z.number(),
		reportThreshold: z.number()
	}),
	active_phase: phaseOutput.nullable(),
	url: z.string()
});

export const categoryInput = z.object({
	name: z.string().trim().min(2).max(80),
	parentId: z.preprocess((value) => (value === '' ? undefined : value), z.uuid().optional())
});

/** The creation form: phases of a process are typed one per line (capabilities are set afterwards). */
export const spaceCreateForm = spaceCreateInput.omit({ phases: true, rules: true }).extend({
	phaseTitles: z.string().max(2000).default('')
});

/** Form fields named `rules.supportThreshold` become `{ rules: { supportThreshold } }`. */
export function nestDotted(values: unknown): unknown {
	if (typeof values !== 'object' || values === null) return values;
	const nested: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(values)) {
		const [head, ...rest] = name.split('.');
		if (!rest.length) nested[head] = value;
		else ((nested[head] ??= {}) as Record<string, unknown>)[rest.join('.')] = value;
	}
	return nested;
}

/** The settings form: nested rules, and an unticked box means "no" (not the API's default). */
export const spaceSettingsForm = z.preprocess(
	(values) => nestDotted({ 'rules.countBeyondThreshold': 'off', ...(values as object) }),
	spaceSettingsInput
);
export const phaseForm = z.preprocess(nestDotted, phaseInput);
