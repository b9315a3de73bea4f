/**
 * Participation spaces over HTTP: creation, phases (exactly one active, followers notified),
 * capabilities refused with a reason, standing groups, and private spaces that never leak.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations } from '#lib/server/db/schema.js';
import { seedCommunity, type Community, type Person } from '../support/community.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';

type P = Person & SignedIn;
let server: TestServer;
let world: Community;
let organisationSlug: string;
let people: { orgAdmin: P; member: P; citizens: P[] };

beforeAll(async () => {
	server = await startServer({
		prepare: async (db) => {
			world = await seedCommunity(db, { citizens: 3 });
			[{ slug: organisationSlug }] = await db.select({ slug: organisations.slug }).from(organisations).where(eq(organisations.id, world.organisationId));
			const [orgAdmin, member, ...citizens] = await openSessions(db, [world.people.orgAdmin, world.people.member, ...world.people.citizens]);
			people = { orgAdmin, member, citizens };
		}
	});
});
afterAll(async () => {
	await server?.dispose();
});

const api = <T = any>(person: P | undefined, method: string, path: string, body?: unknown) => apiAs<T>(server, person, method, path, body);
const everything = { proposals: true, supports: true, comments: true, amendments: true, votes: false };
const budgetPhases = [
	{ title: 'Idées', capabilities: everything },
	{ title: 'Analyse', capabilities: { proposals: false, supports: false, comments: true, amendments: false, votes: false } },
	{ title: 'Vote', capabilities: { proposals: false, supports: false, comments: false, amendments: false, votes: true } },
	{ title: 'Résultats', capabilities: {} }
];
let counter = 0;
async function createSpace(body: Record<string, unknown> = {}) {
	const response = await api(people.orgAdmin, 'POST', '/api/v1/spaces', {
		organisation: organisationSlug,
		slug: `espace-${++counter}-${Date.now().toString(36)}`,
		kind: 'process',
		title: 'Budget participatif',
		visibility: 'public',
		phases: budgetPhases,
		...body
	});
	expect(response.status, JSON.stringify(response.body)).toBe(201);
	return response.body;
}

describe('creating spaces', () => {
	it('lets organisation administrators create a process whose first phase is active', async () => {
		const space = await createSpace();
		expect(space).toMatchObject({ kind: 'process', visibility: 'public', active_phase: { title: 'Idées', position: 1, is_active: true } });
		const phases = await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/phases`);
		expect(phases.body.items.map((p: any) => [p.title, p.is_active])).toEqual([
			['Idées', true],
			['Analyse', false],
			['Vote', false],
			['Résultats', false]
		]);
	});

	it('refuses anyone else: 401 anonymous, 403 for a citizen', async () => {
		const body = { organisation: organisationSlug, slug: 'interdit', kind: 'process', title: 'Interdit', visibility: 'public' };
		expect((await api(undefined, 'POST', '/api/v1/spaces', body)).status).toBe(401);
		expect((await api(people.citizens[0], 'POST', '/api/v1/spaces', body)).status).toBe(403);
	});

	it('validates the input and refuses a slug already taken', async () => {
		const bad = await api(people.orgAdmin, 'POST', '/api/v1/spaces', { organisation: organisationSlug, slug: 'Pas Bon', kind: 'autre', title: 'x', visibility: 'public' });
		expect(bad.status).toBe(422);
		expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(['slug', 'kind', 'title']));
		const space = await createSpace();
		const again = await api(people.orgAdmin, 'POST', '/api/v1/spaces', { organisation: organisationSlug, slug: space.slug, kind: 'group', title: 'Encore', visibility: 'public' });
		expect(again.status).toBe(409);
	});

	it('gives a standing group a single, always active phase', async () => {
		const group = await createSpace({ kind: 'group', phases: [] });
		expect(group.active_phase).toMatchObject({ is_active: true, capabilities: { proposals: true, supports: true } });
		const more = await api(people.orgAdmin, 'POST', `/api/v1/spaces/${group.slug}/phases`, { title: 'Autre', capabilities: everything });
		expect(more.status).toBe(409);
	});

	it('changes rules and visibility for its administrators only', async () => {
		const space = await createSpace();
		expect((await api(people.citizens[0], 'PATCH', `/api/v1/spaces/${space.slug}`, { rules: { supportThreshold: 5 } })).status).toBe(403);
		const changed = await api(people.orgAdmin, 'PATCH', `/api/v1/spaces/${space.slug}`, { rules: { supportThreshold: 5, countBeyondThreshold: false } });
		expect(changed.status).toBe(200);
		expect(changed.body.rules).toMatchObject({ supportThreshold: 5, countBeyondThreshold: false, proposalsPerAuthor: 0 });
		const invalid = await api(people.orgAdmin, 'PATCH', `/api/v1/spaces/${space.slug}`, { rules: { supportThreshold: -1 } });
		expect(invalid.status).toBe(422);
		expect(invalid.body.error.fields).toHaveProperty(['rules.supportThreshold']);
	});
});

describe('phases', () => {
	it('activates one phase at a time, notifies followers in the same change, and refuses with the reason', async () => {
		const space = await createSpace();
		const [follower, bystander] = people.citizens;
		expect((await api(follower, 'POST', `/api/v1/spaces/${space.slug}/follow`)).status).toBe(204);
		const created = await api(bystander, 'POST', `/api/v1/spaces/${space.slug}/proposals`, { title: 'Une idée pour le port', body: 'Des bancs et des arbres le long du quai.', publish: true });
		expect(created.status).toBe(201);

		const phases = (await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/phases`)).body.items;
		const analysis = phases.find((p: any) => p.title === 'Analyse');
		expect((await api(people.citizens[2], 'POST', `/api/v1/spaces/${space.slug}/phases/${analysis.id}/activate`)).status).toBe(403);
		const activated = await api(people.orgAdmin, 'POST', `/api/v1/spaces/${space.slug}/phases/${analysis.id}/activate`);
		expect(activated.status).toBe(200);
		const after = (await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/phases`)).body.items;
		expect(after.filter((p: any) => p.is_active).map((p: any) => p.title)).toEqual(['Analyse']);

		const followerInbox = (await api(follower, 'GET', '/api/v1/notifications')).body.items;
		expect(followerInbox.filter((n: any) => n.kind === 'space.phase_started')).toEqual([
			expect.objectContaining({ payload: expect.objectContaining({ title: 'Analyse', url: `/spaces/${space.slug}` }) })
		]);
		const bystanderInbox = (await api(bystander, 'GET', '/api/v1/notifications')).body.items;
		expect(bystanderInbox.some((n: any) => n.kind === 'space.phase_started')).toBe(false);

		const refusedProposal = await api(bystander, 'POST', `/api/v1/spaces/${space.slug}/proposals`, { title: 'Une autre idée', body: 'Encore une idée pour le quartier.' });
		expect(refusedProposal.status).toBe(403);
		expect(refusedProposal.body.error.message).toBe('La phase « Analyse » ne permet pas de déposer des propositions.');
		const refusedSupport = await api(follower, 'POST', `/api/v1/proposals/${created.body.id}/supports`);
		expect(refusedSupport.status).toBe(403);
		expect(refusedSupport.body.error.message).toBe('La phase « Analyse » ne permet pas de soutenir des propositions.');
		const refusedAmendment = await api(follower, 'POST', `/api/v1/proposals/${created.body.id}/amendments`, { title: 'Une idée pour le port', body: 'Des bancs, des arbres et une fontaine.' });
		expect(refusedAmendment.status).toBe(403);
		expect(refusedAmendment.body.error.message).toBe('La phase « Analyse » ne permet pas d’amender des propositions.');
	});

	it('shows the reason on the space page too', async () => {
		const space = await createSpace();
		const phases = (await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/phases`)).body.items;
		await api(people.orgAdmin, 'POST', `/api/v1/spaces/${space.slug}/phases/${phases[2].id}/activate`);
		const page = await clientOf(server, people.citizens[0]).get(`/spaces/${space.slug}`);
		expect(page.status).toBe(200);
		expect(page.body).toContain('La phase « Vote » ne permet pas de déposer des propositions.');
		const form = await clientOf(server, people.citizens[0]).get(`/spaces/${space.slug}/proposals/new`);
		expect(form.status).toBe(403);
	});
});

describe('private spaces', () => {
	let secret: any;
	let secretProposal: any;
	beforeAll(async () => {
		secret = await createSpace({ visibility: 'private', title: 'Commission confidentielle' });
		expect((await api(people.orgAdmin, 'POST', `/api/v1/spaces/${secret.slug}/members`, { email: people.member.email })).status).toBe(204);
		secretProposal = (await api(people.member, 'POST', `/api/v1/spaces/${secret.slug}/proposals`, { title: 'Sujet confidentiel interne', body: 'Un texte que seuls les membres lisent.', publish: true })).body;
		expect(secretProposal.number).toBe(1);
	});

	it('never appears to anonymous callers or non-members: lists, pages, search, API', async () => {
		for (const person of [undefined, people.citizens[0]]) {
			const list = await api(person, 'GET', '/api/v1/spaces?limit=100');
			expect(list.body.items.map((s: any) => s.slug)).not.toContain(secret.slug);
			expect((await api(person, 'GET', `/api/v1/spaces/${secret.slug}`)).status).toBe(404);
			expect((await api(person, 'GET', `/api/v1/spaces/${secret.slug}/phases`)).status).toBe(404);
			expect((await api(person, 'GET', `/api/v1/spaces/${secret.slug}/proposals?q=confidentiel`)).status).toBe(404);
			expect((await api(person, 'GET', `/api/v1/proposals/${secretProposal.id}`)).status).toBe(404);
			expect((await api(person, 'GET', `/api/v1/proposals/${secretProposal.id}/versions`)).status).toBe(404);
			const client = clientOf(server, person);
			const listPage = await client.get('/spaces');
			expect(listPage.body).not.toContain('Commission confidentielle');
			expect((await client.get(`/organisations/${organisationSlug}`)).body).not.toContain('Commission confidentielle');
			expect((await client.get(`/spaces/${secret.slug}`)).status).toBe(404);
			expect((await client.get(`/spaces/${secret.slug}/proposals/1`)).status).toBe(404);
			const participate = await api(person, 'POST', `/api/v1/spaces/${secret.slug}/proposals`, { title: 'Intrusion dans la commission', body: 'Je ne devrais pas pouvoir écrire ici.' });
			expect(participate.status).toBe(404);
		}
	});

	it('is visible to its members and the organisation’s staff', async () => {
		for (const person of [people.member, people.orgAdmin]) {
			expect((await api(person, 'GET', '/api/v1/spaces?limit=100')).body.items.map((s: any) => s.slug)).toContain(secret.slug);
			const search = await api(person, 'GET', `/api/v1/spaces/${secret.slug}/proposals?q=confidentiels`);
			expect(search.body.items.map((p: any) => p.id)).toEqual([secretProposal.id]);
		}
		const page = await clientOf(server, people.member).get('/spaces');
		expect(page.body).toContain('Commission confidentielle');
		expect((await clientOf(server, people.member).get(`/organisations/${organisationSlug}`)).body).toContain('Commission confidentielle');
	});
});

describe('space pages', () => {
	it('lists public spaces and shows a space with its phases', async () => {
		const space = await createSpace({ title: 'Concertation du port' });
		const list = await clientOf(server).get('/spaces');
		expect(list.status).toBe(200);
		expect(list.body).toContain('Concertation du port');
		const page = await clientOf(server).get(`/spaces/${space.slug}`);
		expect(page.status).toBe(200);
		expect(page.body).toContain('<h1>Concertation du port</h1>');
		expect(page.body).toMatch(/aria-current="step"[^>]*>\s*<strong>Idées<\/strong>/);
	});

	it('lets administrators configure phases through the settings form', async () => {
		const space = await createSpace();
		const admin = clientOf(server, people.orgAdmin);
		const settings = await admin.get(`/spaces/${space.slug}/settings`);
		expect(settings.status).toBe(200);
		const phases = (await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/phases`)).body.items;
		const activated = await admin.submit(`/spaces/${space.slug}/settings?/activatePhase`, { phaseId: phases[1].id });
		expect(activated.status).toBe(200);
		const after = (await api(undefined, 'GET', `/api/v1/spaces/${space.slug}`)).body;
		expect(after.active_phase.title).toBe('Analyse');
		const updated = await admin.submit(`/spaces/${space.slug}/settings?/updatePhase`, { phaseId: phases[1].id, title: 'Analyse technique', 'capabilities.comments': 'on', 'capabilities.supports': 'on' });
		expect(updated.status).toBe(200);
		const changed = (await api(undefined, 'GET', `/api/v1/spaces/${space.slug}`)).body.active_phase;
		expect(changed).toMatchObject({ title: 'Analyse technique', capabilities: { supports: true, comments: true, proposals: false } });
		expect((await clientOf(server, people.citizens[0]).get(`/spaces/${space.slug}/settings`)).status).toBe(403);
	});
});
