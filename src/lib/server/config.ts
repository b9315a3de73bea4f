import { z } from 'zod';

/**
 * Every environment variable Parvis reads, with its validation and description.
 * `src/env.ts` hands these to SvelteKit; the CLI and tests validate with the same schemas,
 * so a bad value fails the same way everywhere, at start-up, with the variable's name.
 */
const optionalUrl = (protocols: string[], example: string) =>
	z
		.string()
		.optional()
		.transform((value) => (value === '' ? undefined : value))
		.refine(
			(value) => {
				if (value === undefined) return true;
				try {
					return protocols.includes(new URL(value).protocol);
				} catch {
					return false;
				}
			},
			{ message: `expected a URL such as ${example}` }
		);

const choice = <T extends string>(values: readonly [T, ...T[]], fallback: T) =>
	z
		.string()
		.optional()
		.transform((value) => (value === undefined || value === '' ? fallback : value))
		.pipe(z.enum(values, { message: `expected one of: ${values.join(', ')}` }));

const positiveInt = (fallback: number) =>
	z
		.string()
		.optional()
		.transform((value) => (value === undefined || value === '' ? String(fallback) : value))
		.pipe(z.string().regex(/^[1-9]\d*$/, { message: 'expected a positive whole number' }))
		.transform(Number);

/** The national address geocoder on IGN's Géoplateforme (free, keyless, the BAN's API). */
export const DEFAULT_GEOCODER_URL = 'https://data.geopf.fr/geocodage';

/** IGN's Plan IGN (Géoplateforme): free, keyless, drawn for French towns. */
export const DEFAULT_MAP_TILE_URL =
	'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}';

export const configVariables = {
	DATABASE_URL: {
		schema: optionalUrl(['postgres:', 'postgresql:'], 'postgres://user:password@localhost:5432/parvis'),
		description: 'PostgreSQL server to use. When unset, Parvis runs on embedded PostgreSQL (PGlite).'
	},
	PGLITE_DATA_DIR: {
		schema: z
			.string()
			.optional()
			.transform((value) => value || './data/pglite'),
		description: 'Where embedded PostgreSQL keeps its files (default ./data/pglite).'
	},
	SITE_URL: {
		schema: optionalUrl(['http:', 'https:'], 'https://parvis.example.fr'),
		description: 'Public address of the portal, used in e-mails and feeds. Defaults to the request origin.'
	},
	SMTP_URL: {
		schema: optionalUrl(['smtp:', 'smtps:'], 'smtp://user:password@mail.example.fr:587'),
		description: 'SMTP server for outgoing e-mail. When unset, mail is kept in the development mailbox.'
	},
	MAIL_FROM: {
		schema: z
			.string()
			.optional()
			.transform((value) => value || 'Parvis <no-reply@parvis.localhost>'),
		description: 'Sender of outgoing e-mail.'
	},
	DEV_MAILBOX: {
		schema: choice(['auto', 'on', 'off'] as const, 'auto'),
		description:
			'Development mailbox page (/dev/mailbox) showing every stored e-mail: auto = on when SMTP_URL is unset.'
	},
	SEED_DEMO: {
		schema: choice(['auto', 'true', 'false'] as const, 'auto'),
		description: 'Fill an empty database with demo data at start-up: auto = yes on embedded PostgreSQL only.'
	},
	API_RATE_LIMIT_ANONYMOUS: {
		schema: positiveInt(300),
		description: 'API calls allowed per minute and per address for anonymous callers (default 300).'
	},
	API_RATE_LIMIT_USER: {
		schema: positiveInt(1200),
		description: 'API calls allowed per minute and per user with a session or token (default 1200).'
	},
	OUTBOX_POLL_MS: {
		schema: positiveInt(1000),
		description: 'How often the outbox worker looks for due jobs, in milliseconds (default 1000).'
	},
	MAP_TILE_URL: {
		schema: z.string().optional(),
		description: "Base map tile URL template ({z}/{x}/{y}); default IGN's Plan IGN. `none` draws no base map (tests, offline)."
	},
	MAP_TILE_ATTRIBUTION: {
		schema: z.string().optional(),
		description: 'Attribution shown on the map for the tiles (HTML allowed); default the IGN credit.'
	},
	OPENDATA_LICENCE: {
		schema: choice(['etalab-2.0', 'odbl-1.0'] as const, 'etalab-2.0'),
		description: 'Licence of the open data exports: etalab-2.0 (Licence Ouverte 2.0, default) or odbl-1.0.'
	},
	MATRIX_HOMESERVER_URL: {
		schema: optionalUrl(['http:', 'https:'], 'https://matrix.example.fr'),
		description: 'Matrix homeserver for the chat (client-server API base URL, reachable by browsers too). Chat is off when unset.'
	},
	MATRIX_SERVER_NAME: {
		schema: z.string().optional().transform((value) => value || undefined),
		description: 'Server name of the homeserver, the part after ":" in user ids (default: the homeserver URL\'s host).'
	},
	MATRIX_AS_TOKEN: {
		schema: z.string().optional().transform((value) => value || undefined),
		description: 'Application service token Parvis presents to the homeserver (as_token of the registration file).'
	},
	MATRIX_HS_TOKEN: {
		schema: z.string().optional().transform((value) => value || undefined),
		description: 'Token the homeserver presents to Parvis (hs_token of the registration file).'
	},
	MATRIX_USER_PREFIX: {
		schema: z
			.string()
			.optional()
			.transform((value) => value || 'parvis_')
			.pipe(z.string().regex(/^[a-z0-9._=\-/]+$/, { message: 'expected lower-case letters, digits or ._=-/' })),
		description: 'Prefix of the Matrix user ids and room aliases Parvis owns (default parvis_: @parvis_….).'
	},
	OUTBOUND_ALLOW_PRIVATE_NETWORKS: {
		schema: choice(['false', 'true'] as const, 'false'),
		description:
			'Let webhook endpoints and issue-report connectors point at the machine itself or the local network (loopback, private, link-local, unique-local addresses): true only for an intranet deployment whose receivers are there.'
	},
	GEOCODER_URL: {
		schema: z
			.string()
			.optional()
			.refine((value) => value === undefined || ['', 'none'].includes(value.trim()) || /^https?:\/\/[^\s]+$/.test(value.trim()), {
				message: 'expected none or a URL such as https://geocoder.example.fr'
			}),
		description:
			"Address search (Base Adresse Nationale API: <base>/search?q=…) used to place an issue report from its address; default IGN's Géoplateforme geocoder. `none` switches address search off."
	},
	OPEN311_POLL_MS: {
		schema: positiveInt(300_000),
		description: 'How often issue-report statuses are polled from Open311 reporting services, in milliseconds (default 300000: 5 minutes).'
	},
	REPORT_MAX_PHOTOS: {
		schema: positiveInt(3),
		description: 'Most photos a citizen may attach to an issue report (default 3); each is at most 8 MB, re-encoded as JPEG without metadata.'
	},
	DOCUMENT_SNAPSHOT_INTERVAL_SECONDS: {
		schema: positiveInt(600),
		description: 'Co-edited documents: at most one automatic version per edited document per this many seconds (default 600: 10 minutes).'
	}
} as const;

export type ConfigName = keyof typeof configVariables;

export interface Config {
	databaseUrl: string | undefined;
	pgliteDataDir: string;
	siteUrl: string | undefined;
	smtpUrl: string | undefined;
	mailFrom: string;
	devMailbox: boolean;
	seedDemo: boolean;
	outboxPollMs: number;
	apiRateLimit: { anonymous: number; user: number };
	/** Base map tiles; `tileUrl` null when switched off. */
	map: { tileUrl: string | null; tileAttribution: string | undefined };
	opendataLicence: 'etalab-2.0' | 'odbl-1.0';
	/** Chat on a Matrix homeserver, or undefined when it is not configured. */
	matrix: MatrixConfig | undefined;
	/** Issue reports: how often Open311 services are polled for status changes. */
	open311PollMs: number;
	/** Base URL of the address geocoder, or null when address search is off. */
	geocoderUrl: string | null;
	/** Issue reports: most photos attached to one report. */
	reportMaxPhotos: number;
	/** Co-edited documents: the shortest time between two automatic versions of a document. */
	documentSnapshotIntervalMs: number;
	/** Requests to addresses chosen by users (webhooks) may reach private networks. */
	outbound: { allowPrivateNetworks: boolean };
}

export interface MatrixConfig {
	homeserverUrl: string;
	serverName: string;
	asToken: string;
	hsToken: string;
	userPrefix: string;
}

export class ConfigError extends Error {}

/** Validates raw variables and throws one error naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
	const values: Record<string, unknown> = {};
	const problems: string[] = [];
	for (const [name, variable] of Object.entries(configVariables)) {
		const result = variable.schema.safeParse(env[name]);
		if (result.success) values[name] = result.data;
		else problems.push(`${name}=${JSON.stringify(env[name])}: ${result.error.issues.map((i) => i.message).join('; ')}`);
	}
	if (env.MATRIX_HOMESERVER_URL && (!env.MATRIX_AS_TOKEN || !env.MATRIX_HS_TOKEN))
		problems.push('MATRIX_HOMESERVER_URL is set: MATRIX_AS_TOKEN and MATRIX_HS_TOKEN are required too');
	if (problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
	return fromValues(values as { [K in ConfigName]: z.output<(typeof configVariables)[K]['schema']> });
}

export function fromValues(v: { [K in ConfigName]: z.output<(typeof configVariables)[K]['schema']> }): Config {
	return {
		databaseUrl: v.DATABASE_URL,
		pgliteDataDir: v.PGLITE_DATA_DIR,
		siteUrl: v.SITE_URL?.replace(/\/$/, ''),
		smtpUrl: v.SMTP_URL,
		mailFrom: v.MAIL_FROM,
		devMailbox: v.DEV_MAILBOX === 'on' || (v.DEV_MAILBOX === 'auto' && !v.SMTP_URL),
		seedDemo: v.SEED_DEMO === 'true' || (v.SEED_DEMO === 'auto' && !v.DATABASE_URL),
		outboxPollMs: v.OUTBOX_POLL_MS,
		apiRateLimit: { anonymous: v.API_RATE_LIMIT_ANONYMOUS, user: v.API_RATE_LIMIT_USER },
		map: {
			tileUrl: v.MAP_TILE_URL === undefined ? DEFAULT_MAP_TILE_URL : ['', 'none'].includes(v.MAP_TILE_URL.trim()) ? null : v.MAP_TILE_URL,
			tileAttribution: v.MAP_TILE_ATTRIBUTION || undefined
		},
		opendataLicence: v.OPENDATA_LICENCE,
		matrix:
			v.MATRIX_HOMESERVER_URL && v.MATRIX_AS_TOKEN && v.MATRIX_HS_TOKEN
				? {
						homeserverUrl: v.MATRIX_HOMESERVER_URL.replace(/\/$/, ''),
						serverName: v.MATRIX_SERVER_NAME ?? new URL(v.MATRIX_HOMESERVER_URL).host,
						asToken: v.MATRIX_AS_TOKEN,
						hsToken: v.MATRIX_HS_TOKEN,
						userPrefix: v.MATRIX_USER_PREFIX
					}
				: undefined,
		open311PollMs: v.OPEN311_POLL_MS,
		geocoderUrl: v.GEOCODER_URL === undefined ? DEFAULT_GEOCODER_URL : ['', 'none'].includes(v.GEOCODER_URL.trim()) ? null : v.GEOCODER_URL.trim().replace(/\/$/, ''),
		reportMaxPhotos: v.REPORT_MAX_PHOTOS,
		documentSnapshotIntervalMs: v.DOCUMENT_SNAPSHOT_INTERVAL_SECONDS * 1000,
		outbound: { allowPrivateNetworks: v.OUTBOUND_ALLOW_PRIVATE_NETWORKS === 'true' }
	};
}
