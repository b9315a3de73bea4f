import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#lib/server/seed/demo.js';
import { HttpClient, type JsonResponse } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;
/** The demo platform administrator, signed in through the login form. */
let admin: HttpClient;
let adminToken: string;

/** Creates a token the way a person does: the form on their profile page. */
async function tokenFromProfile(client: HttpClient, name: string): Promise<string> {
	const page = await client.submit('/profile?/createToken', { name, days: '30' });
	expect(page.status).toBe(200);
	const token = /data-testid="created-token">(pvs_[a-z2-7]+)</.exec(page.body)?.[1];
	if (!token) throw new Error(`No token on the profile page after ?/createToken:\n${page.alert ?? page.body.slice(0, 500)}`);
	return token;
}

beforeAll(async () => {
	server = await startServer({ flavour: 'demo' });
	admin = new HttpClient(server);
	await admin.logIn('admin@parvis.example', DEMO_PASSWORD);
	adminToken = await tokenFromProfile(admin, 'Tests d’intégration');
});
afterAll(async () => {
	await server?.dispose();
});

const anonymous = () => new HttpClient(server);

describe('authentication', () => {
	it('answers an anonymous GET /api/v1/me with a JSON 401', async () => {
		const response = await anonymous().api('GET', '/api/v1/me');
		expect(response.status).toBe(401);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(response.body).toEqual({ error: { code: 'unauthenticated', message: 'Connectez-vous pour continuer.' } });
	});

	it('knows the bearer of a token created on the profile page: id, roles, organisations', async () => {
		const response = await anonymous().api('GET', '/api/v1/me', { token: adminToken });
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			email: 'admin@parvis.example',
			email_verified: true,
			display_name: 'Camille Administratrice',
			roles: ['citizen', 'platform_admin'],
			organisations: []
		});

		const orgAdmin = new HttpClient(server);
		await orgAdmin.logIn('orgadmin@parvis.example', DEMO_PASSWORD);
		const token = await tokenFromProfile(orgAdmin, 'Tableau de bord');
		const me = await anonymous().api('GET', '/api/v1/me', { token });
		expect(me.body.roles).toEqual(['citizen', 'organisation_admin']);
		expect(me.body.organisations).toEqual([{ id: expect.any(String), slug: 'auray', name: 'Ville d’Auray', roles: ['admin'] }]);
	});

	it('refuses a revoked token, an unknown one and garbage with a JSON 401', async () => {
		const created = await anonymous().api('POST', '/api/v1/tokens', { token: adminToken, body: { name: 'À révoquer', days: 1 } });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ name: 'À révoquer', token: expect.stringMatching(/^pvs_/), revoked_at: null });
		expect((await anonymous().api('GET', '/api/v1/me', { token: created.body.token })).status).toBe(200);

		// A body-less DELETE with a bearer token, as curl or any API client sends it.
		const revoked = await anonymous().api('DELETE', `/api/v1/tokens/${created.body.id}`, { token: adminToken });
		expect(revoked.status, JSON.stringify(revoked.body)).toBe(204);
		for (const token of [created.body.token, `pvs_${'a'.repeat(39)}`, 'not-a-token']) {
			const response = await anonymous().api('GET', '/api/v1/me', { token });
			expect(response.status, token).toBe(401);
			expect(response.body.error.code).toBe('unauthenticated');
		}
		// Even on a public endpoint: a bad token is an error, not a silent anonymous call.
		expect((await anonymous().api('GET', '/api/v1/organisations', { token: created.body.token })).status).toBe(401);
	});

	it('refuses a cookie-authenticated write without the Origin header (CSRF), and accepts it with it', async () => {
		const refused = await admin.api('POST', '/api/v1/tokens', { body: { name: 'Sans origine' } });
		expect(refused.status).toBe(403);
		expect(refused.body.error.code).toBe('forbidden');
		const accepted = await admin.api('POST', '/api/v1/tokens', { body: { name: 'Même origine' }, headers: { origin: server.url } });
		expect(accepted.status).toBe(201);
		const forged = await admin.api('POST', '/api/v1/tokens', { body: { name: 'Autre site' }, headers: { origin: 'https://evil.example' } });
		expect(forged.status).toBe(403);
	});

	it('refuses a form post from another site (Kit’s CSRF check)', async () => {
		const page = await admin.submit('/profile?/createToken', { name: 'Cross-site' }, { origin: 'https://evil.example' });
		expect(page.status).toBe(403);
		expect(page.body).not.toMatch(/pvs_/);
	});
});

describe('lists', () => {
	it('pages through organisations with opaque cursors until next_cursor is null', async () => {
		const seen: string[] = [];
		let cursor: string | null = null;
		let pages = 0;
		do {
			const response: JsonResponse = await anonymous().api('GET', `/api/v1/organisations?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
			expect(response.status).toBe(200);
			expect(Object.keys(response.body).sort()).toEqual(['items', 'next_cursor']);
			expect(response.body.items.length).toBeLessThanOrEqual(2);
			seen.push(...response.body.items.map((org: { name: string }) => org.name));
			cursor = response.body.next_cursor;
			pages++;
		} while (cursor);
		expect(pages).toBe(3);
		// The same five organisations in the same order as one big page: nothing skipped or repeated.
		const all = await anonymous().api('GET', '/api/v1/organisations?limit=100');
		expect(all.body.next_cursor).toBeNull();
		expect(seen).toEqual(all.body.items.map((org: { name: string }) => org.name));
		expect(new Set(seen).size).toBe(5);
	});

	it('lists the caller’s tokens without their secrets', async () => {
		const response = await anonymous().api('GET', '/api/v1/tokens', { token: adminToken });
		expect(response.status).toBe(200);
		expect(response.body.next_cursor).toBeNull();
		expect(response.body.items.map((t: { name: string }) => t.name)).toContain('Tests d’intégration');
		expect(JSON.stringify(response.body)).not.toContain(adminToken);
	});
});

describe('errors', () => {
	it('explains invalid input field by field with a 422 validation_failed', async () => {
		const response = await anonymous().api('POST', '/api/v1/tokens', { token: adminToken, body: { name: '', days: 400 } });
		expect(response.status).toBe(422);
		expect(response.body).toEqual({
			error: {
				code: 'validation_failed',
				message: 'Certaines valeurs sont invalides : voir le détail par champ.',
				fields: { name: 'Ce champ est obligatoire.', days: 'La valeur doit être au plus 365.' }
			}
		});
		const query = await anonymous().api('GET', '/api/v1/organisations?limit=0&cursor=nope', { headers: { 'accept-language': 'en' } });
		expect(query.status).toBe(422);
		expect(query.body.error.fields).toEqual({ cursor: 'Invalid value.', limit: 'The value must be at least 1.' });
	});

	it('answers a body that is not JSON with a 400 invalid_json', async () => {
		const response = await anonymous().api('POST', '/api/v1/tokens', { token: adminToken, rawBody: '{"name": "oops",' });
		expect(response.status).toBe(400);
		expect(response.body.error).toMatchObject({ code: 'invalid_json', message: 'Le corps de la requête n’est pas un JSON valide.' });
	});

	it('answers a body over 1 MB with a JSON 413 where no file is expected, and over the 32 MB limit anywhere', async () => {
		const tooLarge = { code: 'payload_too_large', message: 'La requête est trop volumineuse.' };
		const ordinary = await anonymous().api('POST', '/api/v1/tokens', { token: adminToken, body: { name: 'gros', padding: 'x'.repeat(1024 * 1024 + 1) } });
		expect(ordinary.status).toBe(413);
		expect(ordinary.body.error).toMatchObject(tooLarge);
		const page = await anonymous().submit('/login', { email: 'x@test.parvis.example', password: 'x'.repeat(1024 * 1024 + 1) });
		expect(page.status).toBe(413);
		// A route that takes files (issue-report photos) accepts more than 1 MB: here the body reaches validation.
		const photos = await anonymous().api('POST', '/api/v1/issue-reports', { body: { category: '', description: 'x'.repeat(2 * 1024 * 1024) } });
		expect(photos.status).toBe(422);
		const huge = await anonymous().api('POST', '/api/v1/issue-reports', { body: { name: 'gros', padding: 'x'.repeat(33 * 1024 * 1024) } });
		expect(huge.status).toBe(413);
		expect(huge.body.error).toMatchObject(tooLarge);
	});

	it('answers ids that only look like UUIDs with a 404, never a database error', async () => {
		for (const id of ['-'.repeat(36), 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', `${'a'.repeat(8)}${'-'.repeat(28)}`]) {
			const revoke = await anonymous().api('DELETE', `/api/v1/tokens/${id}`, { token: adminToken });
			expect(revoke.status).toBe(404);
			expect(revoke.body.error.code).toBe('not_found');
			expect((await anonymous().api('GET', `/api/v1/proposals/${id}`)).status).toBe(404);
		}
	});
});

describe('rate limits', () => {
	it('sends the RateLimit headers on every API response', async () => {
		const anonymousCall = await anonymous().api('GET', '/api/v1/organisations');
		expect(anonymousCall.headers.get('ratelimit-limit')).toBe('300');
		expect(Number(anonymousCall.headers.get('ratelimit-remaining'))).toBeLessThan(300);
		expect(Number(anonymousCall.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
		const userCall = await anonymous().api('GET', '/api/v1/me', { token: adminToken });
		expect(userCall.headers.get('ratelimit-limit')).toBe('1200');
	});

	describe('over the limit', () => {
		let limited: TestServer;
		beforeAll(async () => {
			limited = await startServer({ env: { API_RATE_LIMIT_ANONYMOUS: '3' } });
		});
		afterAll(async () => {
			await limited?.dispose();
		});

		it('answers 429 with Retry-After and the JSON error shape', async () => {
			const client = new HttpClient(limited);
			const statuses = [];
			for (let i = 0; i < 3; i++) statuses.push((await client.api('GET', '/api/v1/organisations')).status);
			expect(statuses).toEqual([200, 200, 200]);
			const refused = await client.api('GET', '/api/v1/organisations');
			expect(refused.status).toBe(429);
			expect(refused.headers.get('ratelimit-remaining')).toBe('0');
			expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
			expect(refused.body.error.code).toBe('rate_limited');
		});
	});
});
