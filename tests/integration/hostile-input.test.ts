/**
 * "Bad input gets a clear 4xx, never a 500": every operation of the server's own OpenAPI document
 * receives hostile path parameters, JSON bodies and query strings, from a platform administrator
 * (so that authorisation hides nothing), a resident and an anonymous caller. Every answer must be below
 * 500, and every /api/v1 error must have the API's `{ error: { code, message } }` shape.
 *
 * Path parameters other than the hostile one, and the path of body and query cases, are real
 * values of the demo data (found through the list operations), so that the hostile part reaches
 * the validation and domain code instead of stopping at a 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '#lib/server/auth/sessions.js';
import { DEMO_PASSWORD } from '#lib/server/seed/demo.js';
import { startTestGeocoder, type TestGeocoder } from '../support/geocoder.js';
import { HttpClient } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

type Schema = {
	type?: string | string[];
	properties?: Record<string, Schema>;
	items?: Schema;
	enum?: unknown[];
	const?: unknown;
	format?: string;
	anyOf?: Schema[];
	oneOf?: Schema[];
	minimum?: number;
	maximum?: number;
	exclusiveMinimum?: number;
	exclusiveMaximum?: number;
	minLength?: number;
	maxLength?: number;
	minItems?: number;
	maxItems?: number;
};
interface Parameter {
	name: string;
	in: 'path' | 'query' | 'header' | 'cookie';
	schema?: Schema;
}
interface Operation {
	method: string;
	path: string;
	parameters: Parameter[];
	bodySchema?: Schema;
}
interface Case {
	label: string;
	path: string;
	rawBody?: string;
	/** application/json unless set. */
	contentType?: string;
	headers?: Record<string, string>;
}

/** What this test cannot exercise over plain HTTP requests, with the reason. Nothing else is left out. */
const NOT_EXERCISED = [
	{ what: 'GET /collab/{documentId} (WebSocket upgrade)', why: 'not an HTTP operation of the OpenAPI document; its upgrade checks are covered by collab.test.ts' }
];

/**
 * Hostile requests that still fail, each with its exact request, awaiting a fix. Empty means the
 * whole API passes. Entries are `<caller> <METHOD> <path template> <case label>`.
 */
const KNOWN_FAILURES: string[] = [];

/**
 * Operations with their own fixed rate limit, not API_RATE_LIMIT_* (acts: 30 hash checks a minute
 * per address), which the cases of both callers exceed: there a 429 `rate_limited` is the right 4xx.
 */
const OWN_RATE_LIMITS = new Set(['POST /acts/verify']);

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const UNKNOWN_UUID = '5b0d6c4e-2f4a-4c1e-9a7b-0d3f1e2a9c88';
const HOSTILE_PATH_VALUES: [string, string][] = [
	['non-uuid', 'not-an-id'],
	['unknown-uuid', UNKNOWN_UUID],
	['300-chars', 'a'.repeat(300)],
	['nul', '%00'],
	['invalid-utf8', '%ff%fe'],
	['encoded-slash', '..%2F..%2Fapi']
];
/** Requests in flight at once: the server shares two cores with the test worker. */
const CONCURRENCY = 4;

let server: TestServer;
/** Without a geocoder, address search answers its documented 503: a loopback one lets it run. */
let geocoder: TestGeocoder;
let adminToken: string;
/** An ordinary resident: the refusals of the policy, and what a citizen may do, on the same inputs. */
let citizenToken: string;
let spec: { paths: Record<string, Record<string, any>> };
let operations: Operation[];
/** Real values of path parameters, by `<resource>:<parameter>`, e.g. `proposals:id`. */
const known = new Map<string, string>();

beforeAll(async () => {
	// Thousands of calls in a minute: the rate limits (tested in api.test.ts) would answer most of them.
	geocoder = await startTestGeocoder();
	server = await startServer({ flavour: 'demo', env: { API_RATE_LIMIT_ANONYMOUS: '1000000', API_RATE_LIMIT_USER: '1000000', GEOCODER_URL: geocoder.url } });
	const admin = new HttpClient(server);
	await admin.logIn('admin@parvis.example', DEMO_PASSWORD);
	const created = await admin.api('POST', '/api/v1/tokens', { body: { name: 'Entrées hostiles', days: 1 }, headers: { origin: server.url } });
	expect(created.status).toBe(201);
	adminToken = created.body.token;
	const resident = new HttpClient(server);
	await resident.logIn('citoyen@parvis.example', DEMO_PASSWORD);
	const residentToken = await resident.api('POST', '/api/v1/tokens', { body: { name: 'Entrées hostiles', days: 1 }, headers: { origin: server.url } });
	expect(residentToken.status).toBe(201);
	citizenToken = residentToken.body.token;
	const response = await new HttpClient(server).api('GET', '/api/v1/openapi.json');
	expect(response.status).toBe(200);
	spec = response.body;
	operations = listOperations(spec);
	await discoverRealValues();
}, 120_000);
afterAll(async () => {
	await server?.dispose();
	await geocoder?.close();
});

function listOperations(document: typeof spec): Operation[] {
	const result: Operation[] = [];
	for (const [path, item] of Object.entries(document.paths))
		for (const method of METHODS) {
			const operation = item[method];
			if (!operation) continue;
			result.push({
				method: method.toUpperCase(),
				path,
				parameters: [...(item.parameters ?? []), ...(operation.parameters ?? [])],
				bodySchema: operation.requestBody?.content?.['application/json']?.schema
			});
		}
	return result;
}

/** The resource a path parameter names: the segment before it (`/spaces/{slug}/phases/{id}` → phases for id). */
function resourceOf(path: string, name: string): string {
	const segments = path.split('/');
	const index = segments.findIndex((segment) => segment.includes(`{${name}}`));
	return segments[index - 1] ?? '';
}

function realValue(path: string, name: string): string | undefined {
	return known.get(`${resourceOf(path, name)}:${name}`) ?? (name === 'slug' ? known.get('organisations:slug') : undefined);
}

function fill(path: string, values: Record<string, string | undefined> = {}): string | undefined {
	let missing = false;
	const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
		const value = name in values ? values[name] : realValue(path, name);
		if (value === undefined) missing = true;
		return value ?? UNKNOWN_UUID;
	});
	return missing ? undefined : filled;
}

/**
 * Reads the list operations as the administrator, parents first, and keeps the items' ids and
 * slugs. A child list is read under each known parent until one has items (not every space has votes).
 */
async function discoverRealValues() {
	const candidates = new Map<string, string[]>();
	const lists = operations
		.filter((operation) => operation.method === 'GET' && !operation.path.endsWith('}') && !/\.\w+$/.test(operation.path))
		.sort((a, b) => a.path.split('/').length - b.path.split('/').length);
	for (const operation of lists) {
		const parents = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
		const tries = parents.length === 1 ? (candidates.get(`${resourceOf(operation.path, parents[0])}:${parents[0]}`) ?? []).slice(0, 10).map((value) => ({ [parents[0]]: value })) : [{}];
		for (const values of tries) {
			const path = fill(operation.path, values);
			if (!path) continue;
			const response = await new HttpClient(server).api('GET', `/api/v1${path}`, { token: adminToken });
			const items: Record<string, unknown>[] = (Array.isArray(response.body?.items) ? response.body.items : []).filter((item: unknown) => item && typeof item === 'object');
			if (items.length === 0) continue;
			const resource = operation.path.split('/').at(-1)!;
			for (const name of ['id', 'slug']) {
				const found = items.map((item) => item[name]).filter((value): value is string => typeof value === 'string');
				if (found.length === 0) continue;
				candidates.set(`${resource}:${name}`, found);
				known.set(`${resource}:${name}`, found[0]);
			}
			// Nested parameters are named after their resource: /documents/{id}/versions/{versionId}.
			const id = known.get(`${resource}:id`);
			if (id)
				for (const other of operations)
					for (const parameter of other.parameters)
						if (parameter.in === 'path' && parameter.name !== 'id' && parameter.name !== 'slug' && resourceOf(other.path, parameter.name) === resource)
							known.set(`${resource}:${parameter.name}`, id);
			break;
		}
	}
}

function typeOf(schema: Schema | undefined): string {
	if (!schema) return 'unknown';
	const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
	if (type) return type;
	const variant = schema.anyOf ?? schema.oneOf;
	return variant ? typeOf(variant.find((s) => s.type !== 'null')) : 'unknown';
}

/** A value of another JSON type than the property declares. */
function wrongType(schema: Schema): unknown {
	switch (typeOf(schema)) {
		case 'string':
			return 12345;
		case 'number':
		case 'integer':
			return 'douze';
		case 'boolean':
			return 'oui';
		case 'array':
			return { nested: { deeper: true } };
		case 'object':
			return 'un objet';
		default:
			return [null];
	}
}

/** A value of the declared type, at its most extreme: NUL characters, huge and negative numbers. */
function extremeOfType(schema: Schema, flavour: 'long' | 'nul' | 'negative'): unknown {
	switch (typeOf(schema)) {
		case 'string':
			return flavour === 'long' ? 'é'.repeat(10_000) : flavour === 'nul' ? 'a\u0000b' : '-1';
		case 'number':
			return flavour === 'negative' ? -1e308 : 1e308;
		case 'integer':
			return flavour === 'negative' ? -9007199254740991 : 9007199254740991;
		case 'boolean':
			return true;
		case 'array':
			return flavour === 'long' ? Array.from({ length: 1000 }, () => 'x'.repeat(100)) : [flavour === 'nul' ? '\u0000' : -1];
		case 'object':
			return {};
		default:
			return null;
	}
}

/**
 * A value the schema accepts, at one end of what it allows: longest strings (in two-byte
 * characters), largest or smallest numbers, dates at the end or the start of the calendar, unknown
 * uuids. It passes the declared validation, so it reaches the domain code and the database.
 */
function atTheEdge(schema: Schema, end: 'max' | 'min', depth = 0, name = ''): unknown {
	if (schema.const !== undefined) return schema.const;
	if (schema.enum) return end === 'max' ? schema.enum.at(-1) : schema.enum[0];
	const variants = (schema.anyOf ?? schema.oneOf)?.filter((variant) => variant.type !== 'null');
	if (variants?.length) return atTheEdge(end === 'max' ? variants.at(-1)! : variants[0], end, depth, name);
	switch (typeOf(schema)) {
		case 'string': {
			if (schema.format === 'uuid') return (end === 'max' && realIdFor(name)) || UNKNOWN_UUID;
			if (schema.format === 'date-time') return end === 'max' ? '9999-12-31T23:59:59.999Z' : '0001-01-01T00:00:00.000Z';
			if (schema.format === 'date') return end === 'max' ? '9999-12-31' : '0001-01-01';
			if (schema.format === 'email') return `${'é'.repeat(end === 'max' ? 60 : 1)}@example.org`;
			if (schema.format === 'uri') return `https://example.org/${'é'.repeat(end === 'max' ? 200 : 1)}`;
			const length = end === 'max' ? Math.min(schema.maxLength ?? 10_000, 10_000) : Math.max(schema.minLength ?? 0, 0);
			return 'é'.repeat(length);
		}
		case 'number':
		case 'integer': {
			const integer = typeOf(schema) === 'integer';
			const bound = end === 'max' ? (schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : undefined)) : (schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : undefined));
			if (bound !== undefined) return bound;
			return integer ? (end === 'max' ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER) : end === 'max' ? 1e308 : -1e308;
		}
		case 'boolean':
			return end === 'max';
		case 'array': {
			const count = end === 'max' ? Math.min(schema.maxItems ?? 20, 20) : (schema.minItems ?? 0);
			return Array.from({ length: count }, () => (schema.items && depth < 4 ? atTheEdge(schema.items, end, depth + 1, name) : null));
		}
		case 'object':
			return depth < 4 ? Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, atTheEdge(property, end, depth + 1, key)])) : {};
		default:
			return null;
	}
}

/** A real id for a property named after its resource: `proposalIds` → a proposal, `organisation_id` → an organisation. */
function realIdFor(name: string): string | undefined {
	const base = name.replace(/(_ids?|Ids?)$/, '');
	if (base === name || !base) return undefined;
	const kebab = base.replace(/([a-z])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
	return known.get(`${kebab.replace(/y$/, 'ie')}s:id`);
}

function everyProperty(schema: Schema | undefined, value: (property: Schema) => unknown): Record<string, unknown> {
	const properties = schema?.properties ?? {};
	const names = Object.keys(properties);
	if (names.length === 0) return { unexpected: value({}) };
	return Object.fromEntries(names.map((name) => [name, value(properties[name])]));
}

function bodyCases(operation: Operation, path: string): Case[] {
	const schema = operation.bodySchema;
	const raw = (label: string, text: string): Case => ({ label: `body ${label}`, path, rawBody: text });
	const json = (label: string, value: unknown) => raw(label, JSON.stringify(value));
	return [
		json('null', null),
		json('array', [1, 'deux', { trois: 3 }]),
		json('string', 'une chaîne'),
		raw('malformed', '{"title": "sans fin", '),
		{ label: 'body as text/plain', path, rawBody: '{"title": "texte brut"}', contentType: 'text/plain' },
		{ label: 'body as a form', path, rawBody: 'title=formulaire&body=x', contentType: 'application/x-www-form-urlencoded' },
		raw('deeply nested', `{"title": ${'['.repeat(5000)}${']'.repeat(5000)}}`),
		json('wrong types', everyProperty(schema, wrongType)),
		json('nested objects', everyProperty(schema, () => ({ a: { b: { c: [1, 2] } } }))),
		json('10k strings', everyProperty(schema, () => 'x'.repeat(10_000))),
		json('huge numbers', everyProperty(schema, () => 1e308)),
		json('negative numbers', everyProperty(schema, () => -2147483649)),
		json('NaN-like strings', everyProperty(schema, () => 'NaN')),
		json('typed long', everyProperty(schema, (property) => extremeOfType(property, 'long'))),
		json('typed NUL', everyProperty(schema, (property) => extremeOfType(property, 'nul'))),
		json('typed negative', everyProperty(schema, (property) => extremeOfType(property, 'negative'))),
		json('valid at the maximum', schema ? atTheEdge(schema, 'max') : {}),
		json('valid at the minimum', schema ? atTheEdge(schema, 'min') : {})
	];
}

function queryCases(operation: Operation, path: string): Case[] {
	const parameters = operation.parameters.filter((parameter) => parameter.in === 'query');
	const names = parameters.map((parameter) => parameter.name);
	if (names.length === 0) return [];
	/** Each parameter at an end of its declared range: dates at the end of the calendar, largest numbers. */
	const edge = (end: 'max' | 'min') => ({
		label: `query valid at the ${end === 'max' ? 'maximum' : 'minimum'}`,
		path: `${path}?${parameters.map(({ name, schema }) => `${encodeURIComponent(name)}=${encodeURIComponent(String(atTheEdge(schema ?? {}, end, 0, name) ?? '').slice(0, 200))}`).join('&')}`
	});
	const query = (label: string, value: (name: string) => string) => ({
		label: `query ${label}`,
		path: `${path}?${names.map((name) => `${encodeURIComponent(name)}=${value(name)}`).join('&')}`
	});
	return [
		query('wrong types', (name) => (/limit|zoom|page|radius|lat|lon|version/.test(name) ? 'abc' : '12345')),
		// Under Node's 16 KB limit on the request line and headers, which answers 431 before any Parvis code.
		query('oversized', () => 'x'.repeat(Math.floor(12_000 / names.length))),
		query('huge numbers', () => '1e308'),
		query('negative', () => '-1'),
		query('NaN', () => 'NaN'),
		query('nul', () => '%00'),
		query('repeated', () => '1&' + names.map((name) => `${name}=2`).join('&')),
		edge('max'),
		edge('min')
	];
}

function pathCases(operation: Operation): Case[] {
	const cases: Case[] = [];
	for (const parameter of operation.parameters.filter((p) => p.in === 'path'))
		for (const [label, value] of HOSTILE_PATH_VALUES) {
			const path = fill(operation.path, { [parameter.name]: value }) ?? operation.path.replace(/\{(\w+)\}/g, (_, name) => (name === parameter.name ? value : UNKNOWN_UUID));
			cases.push({ label: `path ${parameter.name}=${label}`, path, rawBody: operation.method === 'GET' || operation.method === 'DELETE' ? undefined : '{}' });
		}
	return cases;
}

function casesOf(operation: Operation): Case[] {
	const path = fill(operation.path) ?? operation.path.replace(/\{(\w+)\}/g, UNKNOWN_UUID);
	const writes = operation.method === 'POST' || operation.method === 'PUT' || operation.method === 'PATCH';
	return [...pathCases(operation), ...(writes ? bodyCases(operation, path) : []), ...queryCases(operation, path)];
}

async function runAll<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
	const results: T[] = [];
	let next = 0;
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < tasks.length) {
				const index = next++;
				results[index] = await tasks[index]();
			}
		})
	);
	return results;
}

/** Sends one case; returns what is wrong with the answer, or null. */
type Caller = 'admin' | 'citizen' | 'anonymous';

async function send(caller: Caller, operation: Operation, hostile: Case): Promise<string | null> {
	const request = `${caller} ${operation.method} /api/v1${hostile.path}${hostile.headers ? ` ${hostile.label}` : ''}${hostile.rawBody !== undefined ? ` body: ${hostile.rawBody.slice(0, 80)}` : ''}`;
	const response = await new HttpClient(server).api(operation.method, `/api/v1${hostile.path}`, {
		rawBody: hostile.rawBody,
		token: caller === 'admin' ? adminToken : caller === 'citizen' ? citizenToken : undefined,
		headers: { ...(hostile.rawBody !== undefined ? { 'content-type': hostile.contentType ?? 'application/json' } : {}), ...hostile.headers }
	});
	if (response.status === 429 && !OWN_RATE_LIMITS.has(`${operation.method} ${operation.path}`)) return `${request} → 429: rate limited, so it tested nothing`;
	if (response.status >= 500) return `${request} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`;
	if (response.status >= 400) {
		const body: { error?: { code?: unknown; message?: unknown } } | null = typeof response.body === 'object' ? response.body : null;
		const shaped = typeof body?.error?.code === 'string' && typeof body.error.message === 'string' && body.error.message.length > 0;
		if (!shaped) return `${request} → ${response.status} without the { error: { code, message } } shape: ${String(JSON.stringify(response.body)).slice(0, 200)}`;
	}
	return null;
}

describe('hostile input on every operation of the OpenAPI document', () => {
	it('finds the real values it needs in the demo data', () => {
		expect(operations.length).toBeGreaterThan(100);
		for (const key of ['organisations:slug', 'spaces:slug', 'proposals:id', 'documents:id', 'votes:id', 'budgets:id', 'meetings:id'])
			expect(known.get(key), key).toEqual(expect.any(String));
	});

	const callers: Record<Caller, string> = { admin: 'a platform administrator', citizen: 'a resident', anonymous: 'an anonymous caller' };
	for (const caller of Object.keys(callers) as Caller[])
		it(`answers every hostile request of ${callers[caller]} below 500, with the API’s error shape`, async () => {
			// Deletions last: they may remove what the other cases use.
			const ordered = [...operations].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
			const tasks = ordered.flatMap((operation) =>
				casesOf(operation)
					.filter((hostile) => !KNOWN_FAILURES.includes(`${caller} ${operation.method} ${operation.path} ${hostile.label}`))
					.map((hostile) => () => send(caller, operation, hostile))
			);
			expect(tasks.length).toBeGreaterThan(operations.length);
			const failures = (await runAll(tasks)).filter((failure): failure is string => failure !== null);
			expect(failures).toEqual([]);
		}, 300_000);

	it('answers hostile credentials and headers on reads and writes below 500, with the API’s error shape', async () => {
		const headers: [string, Record<string, string>][] = [
			['empty bearer', { authorization: 'Bearer ' }],
			['long bearer', { authorization: `Bearer pvs_${'a'.repeat(5000)}` }],
			['non-ASCII bearer', { authorization: `Bearer pvs_${encodeURIComponent('é').repeat(10)}` }],
			['basic credentials', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
			['garbage session cookie', { cookie: `${SESSION_COOKIE}=%00%ff${'x'.repeat(3000)}` }],
			['two session cookies', { cookie: `${SESSION_COOKIE}=a; ${SESSION_COOKIE}=b` }],
			['odd language', { 'accept-language': `${'x-'.repeat(500)}q=NaN` }],
			['long If-None-Match', { 'if-none-match': `"${'x'.repeat(5000)}"` }],
			['wrong Accept', { accept: 'application/xml' }]
		];
		const targets = operations.filter((operation) => ['GET /me', 'GET /organisations', 'GET /spaces/{slug}', 'POST /tokens', 'PATCH /spaces/{slug}'].includes(`${operation.method} ${operation.path}`));
		expect(targets).toHaveLength(5);
		const failures = await runAll(
			targets.flatMap((operation) =>
				headers.map(([label, extra]) => () => send('anonymous', operation, { label, path: fill(operation.path)!, rawBody: operation.method === 'GET' ? undefined : '{}', headers: extra }))
			)
		);
		expect(failures.filter(Boolean)).toEqual([]);
	});

	it('answers a NUL character in a page’s or a feed’s address with a 400, not a 500', async () => {
		// The pages and Open311 feeds with a parameter in their path (src/routes), outside the OpenAPI document.
		const paths = [
			'/organisations/%00', '/spaces/%00', '/spaces/%00/meetings/%00', '/spaces/%00/budgets/%00', '/spaces/%00/proposals/%00',
			'/spaces/%00/votes/%00', '/registre/%00', '/registre/%00/%00', '/documents/%00', '/users/%00', '/comments/%00',
			'/signalements/%00', '/signalements/reglages/%00', '/opendata/%00', '/open311/v2/services/%00.json', '/open311/v2/requests/%00.json',
			'/open311/v2/tokens/%00.json', '/spaces?q=%00', '/carte?q=%00'
		];
		const answers = await runAll(paths.map((path) => async () => `${path} → ${(await new HttpClient(server).request(path, { headers: { authorization: `Bearer ${adminToken}` } })).status}`));
		expect(answers).toEqual(paths.map((path) => `${path} → 400`));
	});

	it('lists what it cannot exercise, and every known failure names an operation of the document', () => {
		expect(NOT_EXERCISED.map((entry) => entry.why.length > 0)).not.toContain(false);
		const names = new Set(operations.map((operation) => `${operation.method} ${operation.path}`));
		for (const limited of OWN_RATE_LIMITS) expect(names, limited).toContain(limited);
		for (const failure of KNOWN_FAILURES) expect(names, failure).toContain(failure.split(' ').slice(1, 3).join(' '));
	});
});
