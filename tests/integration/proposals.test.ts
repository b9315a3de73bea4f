/**
 * Proposals over HTTP (API and pages): drafts and publication, co-authors, limits, points,
 * amendments, answers held back, merges, versions with their diff, French full-text search,
 * filters, sorts and pagination, and hostile input in every text field.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categories, organisations } from '#lib/server/db/schema.js';
import { seedCommunity, type Community, type Person } from '../support/community.js';
import { assertNoExecutableMarkup } from '../support/markup.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';

type P = Person & SignedIn;
let server: TestServer;
let world: Community;
let organisationSlug: string;
let categoryIds: { mobility: string; environment: string };
let people: { orgAdmin: P; author: P; citizens: P[] };

beforeAll(async () => {
	server = await startServer({
		prepare: async (db) => {
			world = await seedCommunity(db, { citizens: 6 });
			[{ slug: organisationSlug }] = await db.select({ slug: organisations.slug }).from(organisations).where(eq(organisations.id, world.organisationId));
			const [mobility, environment] = await db
				.insert(categories)
				.values([
					{ organisationId: world.organisationId, name: 'Mobilités' },
					{ organisationId: world.organisationId, name: 'Environnement' }
				])
				.returning({ id: categories.id });
			categoryIds = { mobility: mobility.id, environment: environment.id };
			const [orgAdmin, author, ...citizens] = await openSessions(db, [world.people.orgAdmin, world.people.author, ...world.people.citizens]);
			people = { orgAdmin, author, citizens };
		}
	});
});
afterAll(async () => {
	await server?.dispose();
});

const api = <T = any>(person: P | undefined, method: string, path: string, body?: unknown) => apiAs<T>(server, person, method, path, body);
const everything = { proposals: true, supports: true, comments: true, amendments: true, votes: false };
let counter = 0;

async function spaceWith(rules: Record<string, unknown> = {}) {
	const created = await api(people.orgAdmin, 'POST', '/api/v1/spaces', {
		organisation: organisationSlug,
		slug: `propositions-${++counter}`,
		kind: 'process',
		title: 'Propositions',
		visibility: 'public',
		rules,
		phases: [{ title: 'Idées', capabilities: everything }]
	});
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	return created.body as { slug: string };
}

async function propose(space: { slug: string }, author: P, fields: Record<string, unknown> = {}) {
	const created = await api(author, 'POST', `/api/v1/spaces/${space.slug}/proposals`, {
		title: `Proposition numéro ${++counter}`,
		body: 'Un texte assez long pour être valable.',
		publish: true,
		...fields
	});
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	return created.body;
}

describe('drafts, publication and co-authors', () => {
	it('keeps a draft to its authors until it is published', async () => {
		const space = await spaceWith();
		const [author, other] = people.citizens;
		const draft = await propose(space, author, { publish: false, title: 'Un jardin partagé au centre' });
		expect(draft).toMatchObject({ state: 'draft', number: 1, published_at: null, authors: [{ id: author.id, name: author.name }] });
		expect((await api(other, 'GET', `/api/v1/proposals/${draft.id}`)).status).toBe(404);
		expect((await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/proposals`)).body.items).toEqual([]);
		expect((await clientOf(server, other).get(`/spaces/${space.slug}/proposals/1`)).status).toBe(404);
		expect((await api(author, 'GET', `/api/v1/proposals/${draft.id}`)).status).toBe(200);
		expect((await api(other, 'POST', `/api/v1/proposals/${draft.id}/publish`)).status).toBe(404);
		const published = await api(author, 'POST', `/api/v1/proposals/${draft.id}/publish`);
		expect(published.status).toBe(200);
		expect(published.body.state).toBe('published');
		expect((await api(author, 'POST', `/api/v1/proposals/${draft.id}/publish`)).status).toBe(409);
		expect((await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/proposals`)).body.items.map((p: any) => p.id)).toEqual([draft.id]);
	});

	it('lets invited co-authors see and edit the draft once they accept', async () => {
		const space = await spaceWith();
		const [elected, colleague, outsider] = people.citizens;
		const draft = await propose(space, elected, { publish: false, title: 'Un plan vélo pour la commune' });
		expect((await api(elected, 'POST', `/api/v1/proposals/${draft.id}/coauthors`, { email: 'personne@nulle.part' })).status).toBe(422);
		expect((await api(outsider, 'POST', `/api/v1/proposals/${draft.id}/coauthors`, { email: colleague.email })).status).toBe(404);
		expect((await api(elected, 'POST', `/api/v1/proposals/${draft.id}/coauthors`, { email: colleague.email })).status).toBe(204);
		expect((await api(elected, 'POST', `/api/v1/proposals/${draft.id}/coauthors`, { email: colleague.email })).status).toBe(409);
		const inbox = (await api(colleague, 'GET', '/api/v1/notifications')).body.items;
		expect(inbox[0]).toMatchObject({ kind: 'proposal.coauthor_invited', payload: { title: 'Un plan vélo pour la commune' } });
		// Invited: sees the draft, cannot edit yet.
		expect((await api(colleague, 'GET', `/api/v1/proposals/${draft.id}`)).status).toBe(200);
		expect((await api(colleague, 'PATCH', `/api/v1/proposals/${draft.id}`, { title: 'Un plan vélo ambitieux' })).status).toBe(403);
		const page = await clientOf(server, colleague).get(`/spaces/${space.slug}/proposals/${draft.number}`);
		expect(page.body).toContain('?/acceptInvitation');
		expect((await api(colleague, 'POST', `/api/v1/proposals/${draft.id}/invitation`, { accept: true })).status).toBe(204);
		const edited = await api(colleague, 'PATCH', `/api/v1/proposals/${draft.id}`, { title: 'Un plan vélo ambitieux' });
		expect(edited.status).toBe(200);
		expect(edited.body.authors.map((a: any) => a.id)).toEqual([elected.id, colleague.id]);
		expect((await api(outsider, 'PATCH', `/api/v1/proposals/${draft.id}`, { title: 'Détourné' })).status).toBe(404);
		const versions = (await api(elected, 'GET', `/api/v1/proposals/${draft.id}/versions`)).body.items;
		expect(versions.map((v: any) => [v.version, v.reason, v.title, v.author.id])).toEqual([
			[1, 'create', 'Un plan vélo pour la commune', elected.id],
			[2, 'edit', 'Un plan vélo ambitieux', colleague.id]
		]);
	});

	it('limits the published proposals per author', async () => {
		const space = await spaceWith({ proposalsPerAuthor: 1 });
		const author = people.citizens[3];
		await propose(space, author);
		const second = await api(author, 'POST', `/api/v1/spaces/${space.slug}/proposals`, { title: 'Une deuxième idée', body: 'Un texte assez long pour être valable.', publish: true });
		expect(second.status).toBe(409);
		expect(second.body.error.message).toBe('Vous avez atteint la limite de 1 proposition(s) publiée(s) dans cet espace.');
		// The refused publication left nothing behind.
		expect((await api(author, 'GET', `/api/v1/spaces/${space.slug}/proposals?state=all`)).body.total).toBe(1);
	});

	it('validates the point: both coordinates, in range', async () => {
		const space = await spaceWith();
		const author = people.citizens[0];
		const half = await api(author, 'POST', `/api/v1/spaces/${space.slug}/proposals`, { title: 'Un banc ici', body: 'Un texte assez long pour être valable.', longitude: -2.98 });
		expect(half.status).toBe(422);
		expect(half.body.error.fields.latitude).toBe('Indiquez la latitude et la longitude, ou aucune des deux.');
		const outside = await api(author, 'POST', `/api/v1/spaces/${space.slug}/proposals`, { title: 'Un banc ici', body: 'Un texte assez long pour être valable.', longitude: 200, latitude: 95 });
		expect(Object.keys(outside.body.error.fields).sort()).toEqual(['latitude', 'longitude']);
		const placed = await propose(space, author, { longitude: -2.9955, latitude: 47.6797, address: 'Place de l’Europe, Auray', categoryId: categoryIds.mobility });
		expect(placed).toMatchObject({ location: { longitude: -2.9955, latitude: 47.6797, address: 'Place de l’Europe, Auray' }, category: { name: 'Mobilités' } });
		const foreignCategory = await api(author, 'POST', `/api/v1/spaces/${space.slug}/proposals`, { title: 'Une idée classée', body: 'Un texte assez long pour être valable.', categoryId: '00000000-0000-4000-8000-000000000000' });
		expect(foreignCategory.status).toBe(422);
	});

	it('creates proposals through the page form, as a draft or published', async () => {
		const space = await spaceWith();
		const browser = clientOf(server, people.citizens[4]);
		expect((await browser.get(`/spaces/${space.slug}/proposals/new`)).status).toBe(200);
		const refused = await browser.submit(`/spaces/${space.slug}/proposals/new`, { title: 'x', body: 'court', latitude: '47.6' });
		expect(refused.status).toBe(422);
		expect(Object.keys(refused.fieldErrors).sort()).toEqual(['body', 'longitude', 'title']);
		expect(refused.body).toMatch(/aria-describedby="[^"]*field-title-error/);
		const created = await browser.submit(`/spaces/${space.slug}/proposals/new`, {
			title: 'Des toilettes publiques au port',
			body: 'Il manque des toilettes publiques ouvertes toute l’année.',
			latitude: '47.6655',
			longitude: '-2.9785',
			address: 'Quai Franklin',
			publish: 'on'
		});
		expect(created.status).toBe(303);
		expect(created.location).toMatch(new RegExp(`/spaces/${space.slug}/proposals/1$`));
		const page = await browser.get(created.location!);
		expect(page.body).toContain('Des toilettes publiques au port');
		expect(page.body).toContain('Quai Franklin');
	});
});

describe('amendments, answers and merges', () => {
	it('accepts an amendment into the text, records it, and promotes a rejected one', async () => {
		const space = await spaceWith();
		const [author, amender, stranger] = people.citizens;
		const proposal = await propose(space, author, { title: 'Des arbres rue de la gare', body: 'Planter des arbres rue de la gare.' });
		const amendment = await api(amender, 'POST', `/api/v1/proposals/${proposal.id}/amendments`, { title: 'Des arbres rue de la gare', body: 'Planter des chênes et des tilleuls rue de la gare.' });
		expect(amendment.status).toBe(201);
		expect((await api(stranger, 'POST', `/api/v1/amendments/${amendment.body.id}/accept`)).status).toBe(403);
		const accepted = await api(author, 'POST', `/api/v1/amendments/${amendment.body.id}/accept`);
		expect(accepted.status).toBe(200);
		expect(accepted.body.state).toBe('accepted');
		expect((await api(author, 'POST', `/api/v1/amendments/${amendment.body.id}/reject`)).status).toBe(409);
		const after = (await api(undefined, 'GET', `/api/v1/proposals/${proposal.id}`)).body;
		expect(after.body).toBe('Planter des chênes et des tilleuls rue de la gare.');
		const versions = (await api(undefined, 'GET', `/api/v1/proposals/${proposal.id}/versions`)).body.items;
		expect(versions.map((v: any) => v.reason)).toEqual(['create', 'amendment']);
		const history = await clientOf(server).get(`/spaces/${space.slug}/proposals/${proposal.number}/versions`);
		expect(history.body).toMatch(/<ins><span class="visually-hidden">\[ajouté :\s?<\/span>[^<]*chênes/);
		expect(history.body).toMatch(/<del><span class="visually-hidden">\[supprimé :\s?<\/span>[^<]*arbres/);

		const other = await api(stranger, 'POST', `/api/v1/proposals/${proposal.id}/amendments`, { title: 'Des palmiers rue de la gare', body: 'Planter des palmiers rue de la gare, pour changer.' });
		expect((await api(author, 'POST', `/api/v1/amendments/${other.body.id}/reject`)).status).toBe(200);
		expect((await api(amender, 'POST', `/api/v1/amendments/${other.body.id}/promote`)).status).toBe(403);
		const promoted = await api(stranger, 'POST', `/api/v1/amendments/${other.body.id}/promote`);
		expect(promoted.status).toBe(201);
		expect(promoted.body).toMatchObject({ title: 'Des palmiers rue de la gare', state: 'published', authors: [{ id: stranger.id }] });
		const amendments = (await api(undefined, 'GET', `/api/v1/proposals/${proposal.id}/amendments`)).body.items;
		expect(amendments.map((a: any) => a.state)).toEqual(['accepted', 'promoted']);
	});

	it('holds an answer back until it is published, then tells the authors', async () => {
		const space = await spaceWith();
		const author = people.citizens[1];
		const proposal = await propose(space, author, { title: 'Un skatepark au stade' });
		const answer = { state: 'accepted', text: 'Retenue pour le vote : le terrain est disponible.', cost: 45000, publish: false };
		expect((await api(author, 'PUT', `/api/v1/proposals/${proposal.id}/answer`, answer)).status).toBe(403);
		const held = await api(people.orgAdmin, 'PUT', `/api/v1/proposals/${proposal.id}/answer`, answer);
		expect(held.status).toBe(200);
		expect(held.body).toMatchObject({ state: 'published', answer: { state: 'accepted', cost: '45000.00', published_at: null } });
		const seenByPublic = (await api(undefined, 'GET', `/api/v1/proposals/${proposal.id}`)).body;
		expect(seenByPublic).toMatchObject({ state: 'published', answer: null });
		expect((await clientOf(server).get(`/spaces/${space.slug}/proposals/${proposal.number}`)).body).not.toContain('le terrain est disponible');
		expect((await api(author, 'GET', '/api/v1/notifications')).body.items.some((n: any) => n.kind === 'proposal.answered')).toBe(false);
		const published = await api(people.orgAdmin, 'POST', `/api/v1/proposals/${proposal.id}/answer/publish`);
		expect(published.body).toMatchObject({ state: 'accepted', answer: { text: answer.text } });
		expect((await api(undefined, 'GET', `/api/v1/proposals/${proposal.id}`)).body.answer.text).toBe(answer.text);
		const inbox = (await api(author, 'GET', '/api/v1/notifications')).body.items;
		expect(inbox.filter((n: any) => n.kind === 'proposal.answered')).toHaveLength(1);
		const implemented = await api(people.orgAdmin, 'PUT', `/api/v1/proposals/${proposal.id}/answer`, { state: 'implemented', text: 'Travaux en cours.', progress: 40 });
		expect(implemented.body).toMatchObject({ state: 'implemented', progress: 40 });
	});

	it('merges proposals into a new official one', async () => {
		const space = await spaceWith();
		const [a, b] = people.citizens;
		const first = await propose(space, a, { title: 'Une piste cyclable vers le lycée' });
		const second = await propose(space, b, { title: 'Sécuriser le trajet à vélo du lycée' });
		const body = { proposalIds: [first.id, second.id], title: 'Un itinéraire cyclable sûr vers le lycée', body: 'Les deux propositions réunies en un projet.' };
		expect((await api(a, 'POST', `/api/v1/spaces/${space.slug}/proposals/merge`, body)).status).toBe(403);
		expect((await api(people.orgAdmin, 'POST', `/api/v1/spaces/${space.slug}/proposals/merge`, { ...body, proposalIds: [first.id] })).status).toBe(422);
		const merged = await api(people.orgAdmin, 'POST', `/api/v1/spaces/${space.slug}/proposals/merge`, body);
		expect(merged.status).toBe(201);
		expect(merged.body).toMatchObject({ official: true, state: 'published', authors: [], organisation: expect.any(String) });
		for (const original of [first, second]) {
			const after = (await api(undefined, 'GET', `/api/v1/proposals/${original.id}`)).body;
			expect(after).toMatchObject({ state: 'merged', merged_into: merged.body.id });
		}
		const listed = (await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/proposals`)).body.items.map((p: any) => p.id);
		expect(listed).toEqual([merged.body.id]);
		expect((await api(a, 'GET', '/api/v1/notifications')).body.items[0]).toMatchObject({ kind: 'proposal.merged' });
	});

	it('publishes official proposals for the organisation’s staff only', async () => {
		const space = await spaceWith();
		const refused = await api(people.citizens[0], 'POST', `/api/v1/spaces/${space.slug}/proposals`, { title: 'Au nom de la ville', body: 'Un texte assez long pour être valable.', official: true });
		expect(refused.status).toBe(403);
		const official = await propose(space, people.orgAdmin, { official: true });
		expect(official).toMatchObject({ official: true, authors: [] });
	});

	it('withdraws a published proposal', async () => {
		const space = await spaceWith();
		const proposal = await propose(space, people.citizens[2]);
		expect((await api(people.citizens[3], 'POST', `/api/v1/proposals/${proposal.id}/withdraw`)).status).toBe(403);
		expect((await api(people.citizens[2], 'POST', `/api/v1/proposals/${proposal.id}/withdraw`)).body.state).toBe('withdrawn');
		expect((await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/proposals`)).body.total).toBe(0);
		expect((await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/proposals?state=withdrawn`)).body.total).toBe(1);
	});
});

describe('search, filters, sorts and pagination', () => {
	let space: { slug: string };
	const titles: string[] = [];
	beforeAll(async () => {
		space = await spaceWith();
		const [a, b, c] = people.citizens;
		const school = await propose(space, a, { title: 'Végétaliser les cours des écoles', body: 'Des arbres et des potagers dans les cours.', categoryId: categoryIds.environment });
		const library = await propose(space, b, { title: 'Ouvrir la médiathèque le dimanche', body: 'Pour les familles qui travaillent en semaine.', longitude: -2.98, latitude: 47.67 });
		const bus = await propose(space, c, { title: 'Une navette électrique', body: 'Une navette pour rejoindre l’École de musique et le marché.', categoryId: categoryIds.mobility });
		for (let i = 0; i < 9; i++) titles.push((await propose(space, people.citizens[i % 6], { title: `Idée de remplissage ${i}` })).id);
		titles.push(school.id, library.id, bus.id);
		for (const person of people.citizens.slice(0, 3)) await api(person, 'POST', `/api/v1/proposals/${library.id}/supports`);
		await api(people.citizens[0], 'POST', `/api/v1/proposals/${bus.id}/supports`);
	});
	const ids = async (query: string) => (await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/proposals?${query}`)).body.items.map((p: any) => p.title);

	it('finds words without accents or plurals: "école" finds "écoles" and "École"', async () => {
		expect((await ids('q=école')).sort()).toEqual(['Une navette électrique', 'Végétaliser les cours des écoles']);
		expect(await ids('q=ECOLES')).toHaveLength(2);
		expect(await ids('q=mediatheques')).toEqual(['Ouvrir la médiathèque le dimanche']);
		expect(await ids('q=introuvable')).toEqual([]);
	});

	it('filters by category, author and location', async () => {
		expect(await ids(`category=${categoryIds.environment}`)).toEqual(['Végétaliser les cours des écoles']);
		expect(await ids('has_location=true')).toEqual(['Ouvrir la médiathèque le dimanche']);
		expect(await ids(`author=${people.citizens[2].id}&q=navette`)).toEqual(['Une navette électrique']);
		const bad = await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/proposals?sort=best&state=nope&category=x`);
		expect(bad.status).toBe(422);
		expect(Object.keys(bad.body.error.fields).sort()).toEqual(['category', 'sort', 'state']);
	});

	it('sorts by supports and pages through every proposal exactly once', async () => {
		const top = await ids('sort=supported&limit=2');
		expect(top).toEqual(['Ouvrir la médiathèque le dimanche', 'Une navette électrique']);
		for (const sort of ['recent', 'supported', 'commented', 'random']) {
			const seen: string[] = [];
			let cursor: string | null = '';
			let pages = 0;
			while (cursor !== null) {
				const page: any = (await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/proposals?sort=${sort}&seed=42&limit=5${cursor ? `&cursor=${cursor}` : ''}`)).body;
				seen.push(...page.items.map((p: any) => p.id));
				cursor = page.next_cursor;
				pages++;
			}
			expect(pages, sort).toBe(3);
			expect(seen.sort(), sort).toEqual([...titles].sort());
		}
		expect((await api(undefined, 'GET', `/api/v1/spaces/${space.slug}/proposals?cursor=nimportequoi`)).status).toBe(422);
	});

	it('keeps a random order stable for a seed, and varies it between seeds', async () => {
		const first = await ids('sort=random&seed=7&limit=100');
		expect(await ids('sort=random&seed=7&limit=100')).toEqual(first);
		const others = await Promise.all([8, 9, 10].map((seed) => ids(`sort=random&seed=${seed}&limit=100`)));
		expect(others.some((order) => JSON.stringify(order) !== JSON.stringify(first))).toBe(true);
	});

	it('renders the list page with the search form and its results', async () => {
		const page = await clientOf(server).get(`/spaces/${space.slug}?q=ecole&sort=supported`);
		expect(page.status).toBe(200);
		expect(page.body).toContain('2 proposition(s)');
		expect(page.body).toContain('Végétaliser les cours des écoles');
		expect(page.body).not.toContain('Ouvrir la médiathèque le dimanche');
		const random = await clientOf(server).get(`/spaces/${space.slug}?sort=random`);
		expect(random.status).toBe(303);
		expect(random.location).toMatch(/seed=\d+/);
	});
});

describe('attachments', () => {
	const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
	const upload = (person: P, path: string, name: string, bytes: Uint8Array, type: string) => {
		const form = new FormData();
		form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
		return clientOf(server, person).request(`${path}?/attach`, { method: 'POST', headers: { origin: server.url, accept: 'text/html' }, body: form });
	};

	it('accepts images and PDF checked from their content, and serves them with that type', async () => {
		const space = await spaceWith();
		const [author, other] = people.citizens;
		const proposal = await propose(space, author, { publish: false });
		const path = `/spaces/${space.slug}/proposals/${proposal.number}`;
		const added = await upload(author, path, 'photo du quai.png', png, 'image/png');
		expect(added.status).toBe(200);
		expect(await added.text()).toContain('Pièce jointe ajoutée : photo du quai.png.');
		const pdf = await upload(author, path, 'plan.bin', new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n'), 'application/octet-stream');
		expect(pdf.status).toBe(200);

		// A script renamed as an image, an SVG and an HTML file are refused whatever their name says.
		for (const [name, content, type] of [
			['photo.png', '<script>alert(1)</script>', 'image/png'],
			['dessin.svg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'image/svg+xml'],
			['page.pdf', '<html><body>xss</body></html>', 'application/pdf']
		]) {
			const refused = await upload(author, path, name, new TextEncoder().encode(content), type);
			expect(refused.status, name).toBe(422);
			expect(await refused.text()).toContain('Ce fichier n’est ni une image (JPEG, PNG, GIF, WebP) ni un PDF.');
		}
		const big = new Uint8Array(950 * 1024);
		big.set(png);
		const tooBig = await upload(author, path, 'grande.png', big, 'image/png');
		expect(tooBig.status).toBe(422);
		expect(await tooBig.text()).toContain('Le fichier est trop volumineux : 900 Ko au plus.');
		expect((await upload(other, path, 'intrus.png', png, 'image/png')).status).toBe(404);

		const page = await clientOf(server, author).get(path);
		const links = [...page.body.matchAll(/href="(\/spaces\/[^"]+\/attachments\/[0-9a-f-]{36})"/g)].map((m) => m[1]);
		expect(new Set(links).size).toBe(2);
		const files = await Promise.all([...new Set(links)].map((link) => clientOf(server, author).request(link)));
		expect(files.map((f) => f.headers.get('content-type')).sort()).toEqual(['application/pdf', 'image/png']);
		expect(files.every((f) => f.headers.get('x-content-type-options') === 'nosniff')).toBe(true);
		// The draft's files are as private as the draft.
		expect((await clientOf(server, other).request(links[0])).status).toBe(404);
		expect((await clientOf(server).request(links[0])).status).toBe(404);
	});
});

describe('hostile input', () => {
	const script = '<script>alert("xss-title")</script>';
	const markdown = [
		'[clic](javascript:alert("xss-link"))',
		'<img src=x onerror="alert(\'xss-img\')">',
		'```',
		'<script>alert("xss-code")</script>',
		'**gras non fermé _ et [lien](',
		'<a href="javascript:alert(1)">xss-a</a> ![x](javascript:alert(2))'
	].join('\n');

	it('renders scripts and malformed Markdown inert in every text field', async () => {
		const space = await spaceWith();
		const [author, amender] = people.citizens;
		const proposal = await propose(space, author, { title: `Titre ${script}`, body: markdown, address: `<b onmouseover=alert(1)>xss-address</b>`, longitude: 1, latitude: 2 });
		await api(amender, 'POST', `/api/v1/proposals/${proposal.id}/amendments`, { title: `Amendement ${script}`, body: `${markdown}\n\n<svg onload=alert(3)>` });
		await api(people.orgAdmin, 'PUT', `/api/v1/proposals/${proposal.id}/answer`, { state: 'evaluating', text: `<iframe src="javascript:alert(4)"></iframe> ${script}` });
		for (const path of [
			`/spaces/${space.slug}/proposals/${proposal.number}`,
			`/spaces/${space.slug}/proposals/${proposal.number}/versions`,
			`/spaces/${space.slug}`,
			`/spaces/${space.slug}?q=titre`
		]) {
			const page = await clientOf(server, people.orgAdmin).get(path);
			expect(page.status, path).toBe(200);
			expect(page.body).not.toContain('<script>alert');
			assertNoExecutableMarkup(page.body, path);
		}
		const proposalPage = await clientOf(server).get(`/spaces/${space.slug}/proposals/${proposal.number}`);
		expect(proposalPage.body).toContain('&lt;img src=x onerror=');
		const json = await api(undefined, 'GET', `/api/v1/proposals/${proposal.id}`);
		expect(json.headers.get('content-type')).toContain('application/json');
		expect(json.body.title).toBe(`Titre ${script}`);
	});

	it('refuses huge texts in every field with a 4xx', async () => {
		const space = await spaceWith();
		const author = people.citizens[0];
		const huge = 'a'.repeat(100_000);
		const tries = [
			['POST', `/api/v1/spaces/${space.slug}/proposals`, { title: huge, body: 'Un texte assez long pour être valable.' }],
			['POST', `/api/v1/spaces/${space.slug}/proposals`, { title: 'Un titre correct', body: huge }],
			['POST', `/api/v1/spaces/${space.slug}/proposals`, { title: 'Un titre correct', body: 'Un texte assez long pour être valable.', address: huge, longitude: 1, latitude: 1 }],
			['GET', `/api/v1/spaces/${space.slug}/proposals?q=${huge.slice(0, 5000)}`, undefined],
			['PATCH', `/api/v1/spaces/${space.slug}`, { title: huge }],
			['POST', '/api/v1/spaces', { organisation: organisationSlug, slug: 'enorme', kind: 'process', title: 'Enorme', visibility: 'public', description: huge }]
		] as const;
		for (const [method, path, body] of tries) {
			const response = await api(method === 'PATCH' || path === '/api/v1/spaces' ? people.orgAdmin : author, method, path, body);
			expect(response.status, `${method} ${path.slice(0, 60)}`).toBeGreaterThanOrEqual(400);
			expect(response.status).toBeLessThan(500);
		}
		const proposal = await propose(space, author);
		for (const [method, path, body] of [
			['PATCH', `/api/v1/proposals/${proposal.id}`, { body: huge }],
			['POST', `/api/v1/proposals/${proposal.id}/amendments`, { title: 'Un titre correct', body: huge }],
			['PUT', `/api/v1/proposals/${proposal.id}/answer`, { state: 'accepted', text: huge }]
		] as const) {
			const response = await api(method === 'PUT' ? people.orgAdmin : author, method, path, body);
			expect(response.status, `${method} ${path}`).toBe(422);
		}
		const form = await clientOf(server, author).submit(`/spaces/${space.slug}/proposals/new`, { title: huge, body: huge });
		expect(form.status).toBeGreaterThanOrEqual(400);
		expect(form.status).toBeLessThan(500);
	});
});
