/**
 * Participatory budgets on both engines, through the HTTP API: the basket rules (never over the
 * total, minimum share, minimum and maximum number of projects) with precise 4xx errors, the
 * eligibility rules, one vote per person under parallel checkouts, cancelling while open, a
 * closed vote refusing everything, the greedy selection with a skipped project, paper votes
 * counted and marked, the CSV and Pabulib exports read back, and projects and settings editable
 * until the first vote (then only the closing date, in the admin log).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, users } from '#lib/server/db/schema.js';
import { seedCommunity, type Community, type Person } from '../support/community.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';

type P = Person & SignedIn;
let server: TestServer;
let world: Community;
let admin: P;
let agent: P;
let platformAdmin: P;
let unverified: P;
/** Accounts created 60 days ago. */
let veterans: P[];
let citizens: P[];
/** A citizen whose interface language is English. */
let english: P;

beforeAll(async () => {
	server = await startServer({
		prepare: async (db) => {
			world = await seedCommunity(db, { citizens: 64 });
			await db.insert(memberships).values({ organisationId: world.organisationId, userId: world.people.moderator.id, role: 'agent' });
			const all = await openSessions(db, [world.people.orgAdmin, world.people.moderator, ...world.people.citizens]);
			[admin, agent, unverified, ...citizens] = all;
			[platformAdmin] = await openSessions(db, [world.people.platformAdmin]);
			veterans = citizens.splice(0, 3);
			english = citizens.pop()!;
			await db.update(users).set({ locale: 'en' }).where(eq(users.id, english.id));
			await db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, unverified.id));
			await db.update(users).set({ createdAt: new Date(Date.now() - 60 * 86_400_000) }).where(inArray(users.id, veterans.map((v) => v.id)));
		}
	});
}, 120_000);
afterAll(async () => {
	await server?.dispose();
});

const api = <T = any>(person: P | undefined, method: string, path: string, body?: unknown) => apiAs<T>(server, person, method, path, body);
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

async function budget(fields: Record<string, unknown>, costs: number[]) {
	const created = await api(admin, 'POST', `/api/v1/spaces/${world.space.slug}/budgets`, {
		title: 'Budget participatif 2027',
		description: 'Les habitants choisissent les projets.',
		total_amount: 100_000,
		rule: 'minimum_share',
		min_share_percent: 70,
		opens_at: minutesFromNow(-1),
		closes_at: minutesFromNow(60 * 24),
		...fields
	});
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	const projects: { id: string; number: number; cost: number }[] = [];
	for (const [index, cost] of costs.entries()) {
		const project = await api(admin, 'POST', `/api/v1/budgets/${created.body.id}/projects`, { title: `Projet ${index + 1}`, description: 'Un projet pour la ville.', cost });
		expect(project.status, JSON.stringify(project.body)).toBe(201);
		projects.push(project.body);
	}
	return { id: created.body.id as string, projects };
}

const add = (person: P, budgetId: string, projectId: string) => api(person, 'POST', `/api/v1/budgets/${budgetId}/basket/projects`, { project_id: projectId });
const checkout = (person: P, budgetId: string, body: Record<string, unknown> = {}) => api(person, 'POST', `/api/v1/budgets/${budgetId}/checkout`, body);

async function vote(person: P, budgetId: string, projectIds: string[]) {
	for (const id of projectIds) expect((await add(person, budgetId, id)).status).toBe(200);
	const done = await checkout(person, budgetId);
	expect(done.status, JSON.stringify(done.body)).toBe(201);
}

describe('participatory budgets', () => {
	it('refuses bad settings and people who may not organise', async () => {
		const missing = await api(admin, 'POST', `/api/v1/spaces/${world.space.slug}/budgets`, {
			title: 'Budget', total_amount: 1000, rule: 'minimum_share', eligibility: 'residents', opens_at: minutesFromNow(10), closes_at: minutesFromNow(5)
		});
		expect(missing.status).toBe(422);
		expect(Object.keys(missing.body.error.fields).sort()).toEqual(['closes_at', 'min_share_percent', 'resident_postal_codes']);
		const negative = await api(admin, 'POST', `/api/v1/spaces/${world.space.slug}/budgets`, {
			title: 'Budget', total_amount: -5, rule: 'project_count', min_projects: 4, max_projects: 2, opens_at: minutesFromNow(0), closes_at: minutesFromNow(5)
		});
		expect(negative.status).toBe(422);
		expect(Object.keys(negative.body.error.fields).sort()).toEqual(['max_projects', 'total_amount']);
		const byCitizen = await api(citizens[0], 'POST', `/api/v1/spaces/${world.space.slug}/budgets`, {
			title: 'Budget', total_amount: 1000, rule: 'minimum_share', min_share_percent: 50, opens_at: minutesFromNow(0), closes_at: minutesFromNow(5)
		});
		expect(byCitizen.status).toBe(403);
		const { id } = await budget({}, [1000]);
		expect((await api(agent, 'POST', `/api/v1/budgets/${id}/projects`, { title: 'Projet', cost: 10 })).status).toBe(403);
		const badProject = await api(admin, 'POST', `/api/v1/budgets/${id}/projects`, { title: 'Projet', cost: 0, proposal_id: world.privateProposal.id, longitude: 2 });
		expect(badProject.status).toBe(422);
		expect(Object.keys(badProject.body.error.fields).sort()).toEqual(['cost', 'latitude']);
		const otherSpace = await api(admin, 'POST', `/api/v1/budgets/${id}/projects`, { title: 'Projet', cost: 10, proposal_id: world.privateProposal.id });
		expect(otherSpace.body.error.fields).toEqual({ proposal_id: 'Cette proposition n’appartient pas à l’espace du budget.' });
		const linked = await api(admin, 'POST', `/api/v1/budgets/${id}/projects`, { title: 'Abri à vélos', cost: 10, proposal_id: world.proposal.id, longitude: -2.98, latitude: 47.67 });
		expect(linked.body).toMatchObject({ number: 2, proposal_id: world.proposal.id, longitude: -2.98, latitude: 47.67 });
		const listed = await api(undefined, 'GET', `/api/v1/spaces/${world.space.slug}/budgets`);
		expect(listed.body.items.map((b: { id: string }) => b.id)).toContain(id);
		expect((await api(undefined, 'GET', `/api/v1/budgets/${id}`)).body).toMatchObject({ status: 'open', total_amount: 100_000, rule: 'minimum_share', min_share_percent: 70 });
	});

	it('lets organisers edit and delete projects and settings until the first vote; then only the closing date moves, in the admin log', async () => {
		const { id, projects } = await budget({}, [40_000, 35_000, 30_000, 20_000]);
		const [a, b, c, d] = projects;
		const project = (p: { id: string }) => `/api/v1/budgets/${id}/projects/${p.id}`;
		expect((await api(agent, 'PATCH', project(a), { cost: 1 })).status).toBe(403);
		expect((await api(citizens[0], 'DELETE', project(a))).status).toBe(403);
		expect((await api(agent, 'PATCH', `/api/v1/budgets/${id}`, { total_amount: 1 })).status).toBe(403);

		const edited = await api(admin, 'PATCH', project(a), { title: 'Jardin partagé', cost: 45_000, longitude: -2.98, latitude: 47.67 });
		expect(edited.status, JSON.stringify(edited.body)).toBe(200);
		expect(edited.body).toMatchObject({ id: a.id, number: 1, title: 'Jardin partagé', description: 'Un projet pour la ville.', cost: 45_000, longitude: -2.98, latitude: 47.67 });
		const halfPoint = await api(admin, 'PATCH', project(a), { longitude: null });
		expect(halfPoint.status).toBe(422);
		expect(halfPoint.body.error.fields).toEqual({ latitude: 'Indiquez la longitude et la latitude, ou aucune des deux.' });
		expect((await api(admin, 'PATCH', project(a), { cost: 0 })).body.error.fields).toHaveProperty('cost');
		expect((await api(admin, 'PATCH', project(a), { proposal_id: world.privateProposal.id })).body.error.fields).toEqual({ proposal_id: 'Cette proposition n’appartient pas à l’espace du budget.' });
		expect((await api(admin, 'PATCH', `/api/v1/budgets/${id}/projects/00000000-0000-4000-8000-000000000000`, { cost: 5 })).status).toBe(404);
		expect((await api(admin, 'DELETE', `/api/v1/budgets/${id}/projects/pas-un-id`)).status).toBe(404);

		// A deleted project leaves the baskets it was in; the others keep their numbers.
		expect((await add(citizens[0], id, c.id)).body).toMatchObject({ project_ids: [c.id], spent: 30_000 });
		expect((await api(admin, 'DELETE', project(c))).status).toBe(204);
		expect((await api(admin, 'DELETE', project(c))).status).toBe(404);
		expect((await api(citizens[0], 'GET', `/api/v1/budgets/${id}/basket`)).body).toMatchObject({ project_ids: [], spent: 0 });
		expect((await api(undefined, 'GET', `/api/v1/budgets/${id}/projects`)).body.items.map((p: { number: number }) => p.number)).toEqual([1, 2, 4]);

		const badRule = await api(admin, 'PATCH', `/api/v1/budgets/${id}`, { rule: 'project_count', min_projects: 3, max_projects: 2 });
		expect(badRule.status).toBe(422);
		expect(badRule.body.error.fields).toEqual({ max_projects: 'Le nombre maximal doit être supérieur ou égal au nombre minimal.' });
		const settings = await api(admin, 'PATCH', `/api/v1/budgets/${id}`, { total_amount: 120_000, rule: 'project_count', max_projects: 2 });
		expect(settings.status, JSON.stringify(settings.body)).toBe(200);
		expect(settings.body).toMatchObject({ total_amount: 120_000, rule: 'project_count', min_share_percent: null, max_projects: 2, title: 'Budget participatif 2027' });

		await vote(citizens[1], id, [a.id, b.id]);
		const locked = await api(admin, 'PATCH', `/api/v1/budgets/${id}`, { total_amount: 90_000, closes_at: minutesFromNow(60 * 48) });
		expect(locked.status).toBe(409);
		expect(locked.body.error.message).toBe('Des votes ont déjà été enregistrés : seule la date de clôture peut encore changer.');
		for (const refused of [api(admin, 'PATCH', project(a), { cost: 1000 }), api(admin, 'DELETE', project(d)), api(admin, 'POST', `/api/v1/budgets/${id}/projects`, { title: 'Tard venu', cost: 10 })]) {
			const response = await refused;
			expect(response.status).toBe(409);
			expect(response.body.error.message).toBe('Des votes ont déjà été enregistrés : la liste des projets ne peut plus changer.');
		}
		const newClose = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3 * 86_400_000).toISOString();
		const moved = await api(admin, 'PATCH', `/api/v1/budgets/${id}`, { closes_at: newClose, total_amount: 120_000 });
		expect(moved.status, JSON.stringify(moved.body)).toBe(200);
		expect(moved.body).toMatchObject({ closes_at: newClose, total_amount: 120_000, status: 'open' });
		const log = (await api(platformAdmin, 'GET', '/api/v1/admin-log?limit=50')).body.items as { action: string; target: { id: string }; actor: { id: string }; details: { from: string; to: string } }[];
		const entry = log.find((e) => e.action === 'budget.closing_moved' && e.target.id === id);
		expect(entry).toMatchObject({ actor: { id: admin.id }, details: { to: newClose } });
		expect(Date.parse(entry!.details.from)).toBeLessThan(Date.parse(newClose));

		expect((await api(admin, 'POST', `/api/v1/budgets/${id}/close`)).status).toBe(200);
		const afterClose = await api(admin, 'PATCH', `/api/v1/budgets/${id}`, { closes_at: minutesFromNow(60 * 96) });
		expect(afterClose.status).toBe(409);
		expect(afterClose.body.error.message).toBe('Le vote est clos.');

		// Counted paper votes are votes too: they lock the settings and the projects.
		const paper = await budget({}, [10_000]);
		expect((await api(agent, 'PUT', `/api/v1/budgets/${paper.id}/paper-votes`, { counts: [{ project_id: paper.projects[0].id, votes: 12 }] })).status).toBe(200);
		expect((await api(admin, 'PATCH', `/api/v1/budgets/${paper.id}`, { title: 'Budget renommé' })).status).toBe(409);
		expect((await api(admin, 'DELETE', `/api/v1/budgets/${paper.id}/projects/${paper.projects[0].id}`)).status).toBe(409);
	});

	it('places projects (map point and address) and shows those of public spaces on the « budgets » map layer', async () => {
		const { id, projects } = await budget({ title: 'Budget des quais', total_amount: 60_000, min_share_percent: 40 }, [30_000]);
		const post = (body: Record<string, unknown>) => api(admin, 'POST', `/api/v1/budgets/${id}/projects`, { title: 'Quai fleuri', cost: 35_000, ...body });
		const placed = await post({ longitude: -1.551, latitude: 46.552, address: '  Quai du Port, Auray  ', proposal_id: world.proposal.id });
		expect(placed.status, JSON.stringify(placed.body)).toBe(201);
		expect(placed.body).toMatchObject({ longitude: -1.551, latitude: 46.552, address: 'Quai du Port, Auray', proposal_id: world.proposal.id });
		const halfPoint = await post({ latitude: 46.55 });
		expect(halfPoint.status).toBe(422);
		expect(halfPoint.body.error.fields).toEqual({ latitude: 'Indiquez la longitude et la latitude, ou aucune des deux.' });
		expect((await post({ address: 'x'.repeat(251) })).body.error.fields).toHaveProperty('address');
		const otherSpace = await post({ proposal_id: world.privateProposal.id });
		expect(otherSpace.status).toBe(422);
		expect(otherSpace.body.error.fields).toEqual({ proposal_id: 'Cette proposition n’appartient pas à l’espace du budget.' });
		const moved = await api(admin, 'PATCH', `/api/v1/budgets/${id}/projects/${projects[0].id}`, { longitude: -1.552, latitude: 46.553, address: 'Rue Neuve' });
		expect(moved.body).toMatchObject({ longitude: -1.552, latitude: 46.553, address: 'Rue Neuve' });
		expect((await api(admin, 'PATCH', `/api/v1/budgets/${id}/projects/${placed.body.id}`, { address: null, proposal_id: null })).body).toMatchObject({ address: null, proposal_id: null, longitude: -1.551 });
		const listed = await api(undefined, 'GET', `/api/v1/budgets/${id}/projects`);
		expect(listed.body.items.map((p: { address: string | null }) => p.address)).toEqual(['Rue Neuve', null]);

		// A located project of a private space never reaches the public map.
		const hidden = await api(admin, 'POST', `/api/v1/spaces/${world.privateSpace.slug}/budgets`, {
			title: 'Budget interne', total_amount: 10_000, rule: 'minimum_share', min_share_percent: 10, opens_at: minutesFromNow(-1), closes_at: minutesFromNow(60)
		});
		expect(hidden.status, JSON.stringify(hidden.body)).toBe(201);
		expect((await api(admin, 'POST', `/api/v1/budgets/${hidden.body.id}/projects`, { title: 'Salle interne', cost: 5000, longitude: -1.553, latitude: 46.551 })).status).toBe(201);

		// The map keeps each filter's index for a few seconds: every filter is asked once, after the change it shows.
		const layer = async (query = '') => {
			const response = await api(undefined, 'GET', `/api/v1/map/budgets?bbox=-1.56,46.54,-1.54,46.56&zoom=18&cluster=false${query}`);
			expect(response.status).toBe(200);
			return (response.body.features as { geometry: { coordinates: number[] }; properties: { title: string; stateLabel: string } }[]).map((f) => ({ coordinates: f.geometry.coordinates, ...f.properties }));
		};
		const open = await layer();
		expect(open.map((f) => f.title).sort()).toEqual(['Projet 1 (Budget des quais)', 'Quai fleuri (Budget des quais)']);
		expect(open.find((f) => f.title === 'Projet 1 (Budget des quais)')).toMatchObject({ coordinates: [-1.552, 46.553], stateLabel: 'Vote ouvert', address: 'Rue Neuve', cost: 30_000 });
		expect(await layer('&status=open')).toHaveLength(2);
		expect(await layer('&status=upcoming')).toEqual([]);
		expect(await layer('&status=nonsense')).toHaveLength(2);

		await vote(citizens[2], id, [placed.body.id]);
		await vote(citizens[3], id, [projects[0].id]);
		await vote(citizens[4], id, [projects[0].id]);
		expect((await api(admin, 'POST', `/api/v1/budgets/${id}/close`)).status).toBe(200);
		const closed = await layer('&status=closed');
		expect(closed.map((f) => [f.title, f.stateLabel]).sort()).toEqual([
			['Projet 1 (Budget des quais)', 'Retenu'],
			['Quai fleuri (Budget des quais)', 'Non retenu']
		]);
		expect((await layer('&status=selected')).map((f) => f.title)).toEqual(['Projet 1 (Budget des quais)']);
	});

	it('never goes over the total, and checks out only a basket spending the minimum share', async () => {
		const { id, projects } = await budget({}, [40_000, 35_000, 30_000, 65_000]);
		const [a, b, , d] = projects;
		const person = citizens[0];
		expect((await api(undefined, 'POST', `/api/v1/budgets/${id}/basket/projects`, { project_id: a.id })).status).toBe(401);
		const first = await add(person, id, a.id);
		expect(first.body).toMatchObject({ project_ids: [a.id], spent: 40_000, remaining: 60_000, projects: 1, checked_out: false, can_check_out: false });
		const over = await add(person, id, d.id);
		expect(over.status).toBe(422);
		expect(over.body.error).toEqual({
			code: 'validation_failed',
			message: 'Le projet « Projet 4 » coûte 65000 € : il ne vous reste que 60000 € sur 100000 €.',
			fields: { project_id: 'Ce projet dépasse ce qu’il vous reste à répartir.' }
		});
		expect((await api(person, 'GET', `/api/v1/budgets/${id}/basket`)).body.spent).toBe(40_000);
		const short = await checkout(person, id);
		expect(short.status).toBe(422);
		expect(short.body.error.message).toBe('Votre panier (40000 €) doit atteindre au moins 70 % du budget, soit 70000 €.');
		expect(short.body.error.fields).toEqual({ basket: 'Le panier n’atteint pas la part minimale du budget.' });
		expect((await add(person, id, b.id)).body).toMatchObject({ spent: 75_000, remaining: 25_000, can_check_out: true });
		expect((await api(person, 'DELETE', `/api/v1/budgets/${id}/basket/projects/${b.id}`)).body).toMatchObject({ spent: 40_000, remaining: 60_000 });
		expect((await add(person, id, b.id)).body.spent).toBe(75_000);
		const done = await checkout(person, id);
		expect(done.status).toBe(201);
		expect(done.body).toMatchObject({ checked_out: true, spent: 75_000, can_check_out: false });
		expect((await checkout(person, id)).status).toBe(200);
		const afterwards = await add(person, id, projects[2].id);
		expect(afterwards.status).toBe(409);
		expect(afterwards.body.error.message).toBe('Vous avez déjà voté : annulez votre vote pour modifier votre panier.');
		const frozen = await api(admin, 'POST', `/api/v1/budgets/${id}/projects`, { title: 'Projet tardif', cost: 10 });
		expect(frozen.status).toBe(409);
		const empty = await checkout(citizens[1], id);
		expect(empty.status).toBe(422);
		expect(empty.body.error.message).toBe('Votre panier est vide : ajoutez au moins un projet.');
		// In English, the same refusal in the caller's language.
		for (const project of [d, projects[2]]) expect((await add(english, id, project.id)).status).toBe(200);
		const englishOver = await add(english, id, a.id);
		expect(englishOver.body.error.message).toBe('The project “Projet 1” costs €40000: you only have €5000 left out of €100000.');
	});

	it('holds the basket between the minimum and maximum number of projects', async () => {
		const { id, projects } = await budget({ total_amount: 1000, rule: 'project_count', min_projects: 2, max_projects: 3 }, [100, 100, 100, 100, 100]);
		const person = citizens[2];
		await add(person, id, projects[0].id);
		const few = await checkout(person, id);
		expect(few.status).toBe(422);
		expect(few.body.error.message).toBe('Choisissez au moins 2 projets (vous en avez 1).');
		for (const project of projects.slice(1, 3)) expect((await add(person, id, project.id)).status).toBe(200);
		const many = await add(person, id, projects[3].id);
		expect(many.status).toBe(422);
		expect(many.body.error.message).toBe('Choisissez au plus 3 projets (vous en auriez 4).');
		expect(many.body.error.fields).toEqual({ project_id: 'Trop de projets.' });
		expect((await checkout(person, id)).body).toMatchObject({ checked_out: true, projects: 3, spent: 300, remaining: 700 });
	});

	it('applies the eligibility rule: verified accounts, account age, residents', async () => {
		const open = await budget({ total_amount: 100, rule: 'minimum_share', min_share_percent: 10 }, [50]);
		const noMail = await add(unverified, open.id, open.projects[0].id);
		expect(noMail.status).toBe(403);
		expect(noMail.body.error.message).toBe('Confirmez votre adresse e-mail pour voter.');

		const aged = await budget({ total_amount: 100, min_share_percent: 10, eligibility: 'account_age', min_account_age_days: 30 }, [50]);
		const young = await add(citizens[3], aged.id, aged.projects[0].id);
		expect(young.status).toBe(403);
		expect(young.body.error.message).toBe('Ce vote est ouvert aux comptes créés depuis au moins 30 jours.');
		await vote(veterans[0], aged.id, [aged.projects[0].id]);

		const residents = await budget({ total_amount: 100, min_share_percent: 10, eligibility: 'residents', resident_postal_codes: ['56400', '56400', '56470'] }, [50]);
		expect((await api(undefined, 'GET', `/api/v1/budgets/${residents.id}`)).body.resident_postal_codes).toEqual(['56400', '56470']);
		const person = citizens[3];
		expect((await add(person, residents.id, residents.projects[0].id)).status).toBe(200);
		const noCode = await checkout(person, residents.id);
		expect(noCode.status).toBe(422);
		expect(noCode.body.error.fields).toEqual({ postal_code: 'Ce champ est obligatoire.' });
		expect((await checkout(person, residents.id, { postal_code: '5640' })).body.error.fields).toEqual({ postal_code: 'Saisissez un code postal à 5 chiffres.' });
		const elsewhere = await checkout(person, residents.id, { postal_code: '75001' });
		expect(elsewhere.status).toBe(403);
		expect(elsewhere.body.error.message).toBe('Ce vote est réservé aux habitants (codes postaux : 56400, 56470).');
		expect((await checkout(person, residents.id, { postal_code: '56470' })).status).toBe(201);
	});

	it('counts one vote for 20 parallel checkouts by one person, and 50 for 50 people at once', async () => {
		const { id, projects } = await budget({ total_amount: 1000, min_share_percent: 50 }, [600, 400]);
		const person = citizens[4];
		await add(person, id, projects[0].id);
		const parallel = await Promise.all(Array.from({ length: 20 }, () => checkout(person, id)));
		expect(parallel.map((r) => r.status).sort((x, y) => x - y)).toEqual([...Array(19).fill(200), 201]);
		expect(parallel.every((r) => r.body.checked_out && r.body.spent === 600)).toBe(true);
		expect((await api(admin, 'GET', `/api/v1/budgets/${id}/results`)).body).toMatchObject({ voters: 1 });

		const many = citizens.slice(5, 55);
		await Promise.all(many.map((p) => add(p, id, projects[1].id).then(() => add(p, id, projects[0].id))));
		const results = await Promise.all(many.map((p) => checkout(p, id)));
		expect(results.map((r) => r.status)).toEqual(many.map(() => 201));
		const tally = await api(admin, 'GET', `/api/v1/budgets/${id}/results`);
		expect(tally.body.voters).toBe(51);
		expect(tally.body.projects.map((p: { number: number; online_votes: number }) => [p.number, p.online_votes])).toEqual([
			[1, 51],
			[2, 50]
		]);
		// Not public before closing.
		const early = await api(citizens[0], 'GET', `/api/v1/budgets/${id}/results`);
		expect(early.status).toBe(409);
		expect(early.body.error.message).toBe('Les résultats seront publiés à la clôture du vote.');
	});

	it('lets people cancel while the vote is open, and refuses everything once closed', async () => {
		const { id, projects } = await budget({ total_amount: 1000, min_share_percent: 50 }, [600, 400]);
		const [person, other] = [citizens[55], citizens[56]];
		await vote(person, id, [projects[0].id]);
		await vote(other, id, [projects[1].id, projects[0].id]);
		const cancelled = await api(person, 'DELETE', `/api/v1/budgets/${id}/vote`);
		expect(cancelled.status).toBe(200);
		expect(cancelled.body).toMatchObject({ checked_out: false, project_ids: [projects[0].id], spent: 600 });
		expect((await api(person, 'DELETE', `/api/v1/budgets/${id}/vote`)).status).toBe(404);
		expect((await api(admin, 'GET', `/api/v1/budgets/${id}/results`)).body.voters).toBe(1);
		// The basket can change again and be checked out anew.
		expect((await add(person, id, projects[1].id)).body.spent).toBe(1000);
		expect((await checkout(person, id)).status).toBe(201);

		expect((await api(citizens[57], 'POST', `/api/v1/budgets/${id}/close`)).status).toBe(403);
		const closed = await api(admin, 'POST', `/api/v1/budgets/${id}/close`);
		expect(closed.body).toMatchObject({ status: 'closed' });
		expect(closed.body.closed_at).not.toBeNull();
		for (const refused of [
			await api(person, 'DELETE', `/api/v1/budgets/${id}/vote`),
			await add(citizens[57], id, projects[0].id),
			await checkout(citizens[57], id),
			await api(other, 'DELETE', `/api/v1/budgets/${id}/basket/projects/${projects[0].id}`)
		]) {
			expect(refused.status).toBe(409);
			expect(refused.body.error.message).toBe('Le vote est clos.');
		}
		expect((await api(undefined, 'GET', `/api/v1/budgets/${id}/results`)).body).toMatchObject({ voters: 2, selected_total: 1000 });
	});

	it('selects by votes within the budget, skipping what no longer fits; paper votes count and are marked; CSV and Pabulib exports', async () => {
		const { id, projects } = await budget({ total_amount: 100, rule: 'project_count', min_projects: 1, max_projects: 4 }, [60, 50, 40, 30]);
		const [p1, p2, p3, p4] = projects;
		const voters = citizens.slice(0, 9);
		await Promise.all([
			...voters.slice(0, 3).map((p) => vote(p, id, [p1.id, p3.id])),
			...voters.slice(3, 5).map((p) => vote(p, id, [p1.id])),
			...voters.slice(5, 9).map((p) => vote(p, id, [p2.id]))
		]);
		await api(admin, 'POST', `/api/v1/budgets/${id}/close`);
		const results = await api(undefined, 'GET', `/api/v1/budgets/${id}/results`);
		expect(results.status).toBe(200);
		const rows = (body: any) => body.projects.map((p: any) => [p.number, p.votes, p.rank, p.selected]);
		// 1 (60 €, 5 votes) fits; 2 (50 €, 4 votes) no longer fits in the 40 € left and is skipped; 3 (40 €) fits; 4 has no vote.
		expect(rows(results.body)).toEqual([
			[1, 5, 1, true],
			[2, 4, 2, false],
			[3, 3, 3, true],
			[4, 0, 4, false]
		]);
		expect(results.body).toMatchObject({ voters: 9, selected_total: 100, total_amount: 100, paper_votes: 0 });

		// Paper ballots: citizens may not enter them; an agent imports a CSV, then corrects one count in JSON.
		const paperPath = `/api/v1/budgets/${id}/paper-votes`;
		expect((await api(citizens[0], 'PUT', paperPath, { counts: [{ project_id: p4.id, votes: 3 }] })).status).toBe(403);
		const csvAs = (text: string) => clientOf(server, agent).api('PUT', paperPath, { rawBody: text, headers: { origin: server.url, 'content-type': 'text/csv' } });
		const badCsv = await csvAs('project;votes\n4;sept\n9;2\n');
		expect(badCsv.status).toBe(422);
		expect(badCsv.body.error.fields).toEqual({ 'line 2': 'Saisissez un nombre entier.', 'line 3': 'Ce projet ne fait pas partie de ce budget.' });
		expect((await csvAs('numero;voix\n4;7\n')).body.error.fields).toEqual({ file: 'La première ligne doit contenir les colonnes « project » et « votes ».' });
		const imported = await csvAs(`project;votes\n4;7\n${p3.id};2\n`);
		expect(imported.status, JSON.stringify(imported.body)).toBe(200);
		const corrected = await api(agent, 'PUT', paperPath, { counts: [{ project_id: p3.id, votes: 1 }] });
		expect(corrected.status).toBe(200);
		// 4 (30 €, 7 votes) first, then 1 (60 €); 3 (40 €, 3 + 1) ties with 2 and ranks first as the cheaper, but
		// neither fits in the 10 € left.
		expect(rows(corrected.body)).toEqual([
			[4, 7, 1, true],
			[1, 5, 2, true],
			[3, 4, 3, false],
			[2, 4, 4, false]
		]);
		expect(corrected.body.projects.find((p: any) => p.number === 4)).toMatchObject({ online_votes: 0, paper_votes: 7, votes: 7 });
		expect(corrected.body).toMatchObject({ voters: 9, paper_votes: 8, selected_total: 90 });

		const csv = await clientOf(server).request(`/api/v1/budgets/${id}/results.csv`);
		expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
		const records = parseCsv(await csv.text(), { columns: true }) as Record<string, string>[];
		expect(records.map((r) => [r.rank, r.project_number, r.title, r.cost_eur, r.online_votes, r.paper_votes, r.votes, r.selected])).toEqual([
			['1', '4', 'Projet 4', '30', '0', '7', '7', 'true'],
			['2', '1', 'Projet 1', '60', '5', '0', '5', 'true'],
			['3', '3', 'Projet 3', '40', '3', '1', '4', 'false'],
			['4', '2', 'Projet 2', '50', '4', '0', '4', 'false']
		]);

		const pb = await clientOf(server).request(`/api/v1/budgets/${id}/results.pb`);
		expect(pb.status).toBe(200);
		const text = await pb.text();
		const lines = text.trim().split('\n');
		const sectionOf = (name: string) => {
			const start = lines.indexOf(name) + 1;
			const end = lines.findIndex((line, i) => i > start && ['META', 'PROJECTS', 'VOTES'].includes(line));
			return lines.slice(start, end === -1 ? undefined : end).map((line) => line.split(';'));
		};
		expect(lines[0]).toBe('META');
		const meta = Object.fromEntries(sectionOf('META').slice(1));
		expect(meta).toMatchObject({ num_projects: '4', num_votes: '9', budget: '100', vote_type: 'approval', rule: 'greedy', currency: 'EUR', country: 'France', min_length: '1', max_length: '4' });
		expect(meta.comment).toMatch(/^8 paper votes/);
		expect(sectionOf('PROJECTS')).toEqual([
			['project_id', 'cost', 'votes', 'name', 'selected', 'online_votes', 'paper_votes'],
			['1', '60', '5', 'Projet 1', '1', '5', '0'],
			['2', '50', '4', 'Projet 2', '0', '4', '0'],
			['3', '40', '4', 'Projet 3', '0', '3', '1'],
			['4', '30', '7', 'Projet 4', '1', '0', '7']
		]);
		const votes = sectionOf('VOTES');
		expect(votes[0]).toEqual(['voter_id', 'vote', 'voting_method']);
		expect(votes.slice(1).map((v) => v[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
		expect(votes.slice(1).map((v) => v[1]).sort()).toEqual(['1', '1', '1,3', '1,3', '1,3', '2', '2', '2', '2']);
		expect(votes.slice(1).every((v) => v[2] === 'internet')).toBe(true);
	});
});
