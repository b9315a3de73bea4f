/**
 * Issue reports, agents' side, on both engines through HTTP: the queue (agents only; filters,
 * sorts, bounded pages), bulk status changes (one transaction: another organisation's report is a
 * 403 and an unknown one a 400, and nothing changes; otherwise a history row per report and the
 * reporters told), answer templates (CRUD for the organisation's agents and administrators only,
 * filling the public comment), and connectors refused when they lead to a private network, with
 * forwarding through the outbound guard (the server runs with OUTBOUND_ALLOW_PRIVATE_NETWORKS=false);
 * and the queue and templates pages' forms, refused to people who do not handle the reports; a
 * refused form gives back everything typed and ticked; templates' changes go to the admin log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TerritoryGeometry } from '#lib/features/organisations/schema.js';
import { boundingBox } from '#lib/features/organisations/server/organisations.js';
import type { Db } from '#lib/server/db/client.js';
import { memberships, organisations, streetReportConnectors, users } from '#lib/server/db/schema.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

type P = { id: string; email: string } & SignedIn;
const square = (west: number, south: number, east: number, north: number): TerritoryGeometry => ({
	type: 'Polygon',
	coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]]
});
const territories = { ville: square(-3.02, 47.64, -2.94, 47.7), voisine: square(-2.81, 47.62, -2.71, 47.68) };
const TOWN_HALL = { latitude: 47.668, longitude: -2.981 };

let server: TestServer;
const slug: Record<string, string> = {};
const orgId: Record<string, string> = {};
let people: Record<'townAgent' | 'townAdmin' | 'neighbourAgent' | 'neighbourAdmin' | 'bothAgent' | 'citizen' | 'platformAdmin', P>;

async function prepare(db: Db) {
	const unique = Math.random().toString(36).slice(2, 8);
	const ids: Record<string, string> = {};
	for (const key of ['ville', 'voisine'] as const) {
		const territory = territories[key];
		const [row] = await db
			.insert(organisations)
			.values({ slug: `${key}-${unique}`, name: key === 'ville' ? 'Ville de Tri' : 'Ville Voisine de Tri', kind: 'town', territory, ...boundingBox(territory) })
			.returning({ id: organisations.id, slug: organisations.slug });
		ids[key] = row.id;
		orgId[key] = row.id;
		slug[key] = row.slug;
	}
	// Registered before the rule existed: the loopback address must still be refused when sending.
	await db.insert(streetReportConnectors).values({ organisationId: ids.voisine, kind: 'open311', url: 'http://127.0.0.1:9/open311', apiKey: 'cle' });
	const person = async (label: string, roles: [string, 'agent' | 'admin'][] = [], isPlatformAdmin = false) => {
		const email = `${label}.${unique}@test.parvis.example`;
		const [user] = await db.insert(users).values({ email, displayName: label, passwordHash: 'unused', emailVerifiedAt: new Date(), isPlatformAdmin }).returning({ id: users.id });
		for (const [org, role] of roles) await db.insert(memberships).values({ organisationId: ids[org], userId: user.id, role });
		return { id: user.id, email };
	};
	const list = [
		await person('agent-ville', [['ville', 'agent']]),
		await person('admin-ville', [['ville', 'admin']]),
		await person('agent-voisine', [['voisine', 'agent']]),
		await person('admin-voisine', [['voisine', 'admin']]),
		await person('agent-deux', [['ville', 'agent'], ['voisine', 'agent']]),
		await person('citoyenne'),
		await person('admin-plateforme', [], true)
	];
	const [townAgent, townAdmin, neighbourAgent, neighbourAdmin, bothAgent, citizen, platformAdmin] = await openSessions(db, list);
	people = { townAgent, townAdmin, neighbourAgent, neighbourAdmin, bothAgent, citizen, platformAdmin };
}

const api = <T = any>(person: P | undefined, method: string, path: string, body?: unknown) => apiAs<T>(server, person, method, path, body);

/** The reports of the town, oldest first, and one of the neighbouring town. */
const town: { id: string; code: string; category: string; description: string; latitude: number; longitude: number }[] = [];
let neighbourReport: string;

beforeAll(async () => {
	server = await startServer({ prepare, env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'false' } });
	for (const [person, key] of [[people.townAdmin, 'ville'], [people.neighbourAdmin, 'voisine']] as const) {
		const saved = await api(person, 'PUT', `/api/v1/issue-reports/organisations/${slug[key]}/settings`, { categories: ['dechets-proprete', 'encombrants', 'eclairage-public'], priority: 1 });
		expect(saved.status, JSON.stringify(saved.body)).toBe(200);
	}
	const specs = [
		{ category: 'encombrants', description: 'Un canapé abandonné devant la boulangerie.', latitude: 47.66, longitude: -2.99 },
		{ category: 'eclairage-public', description: 'Lampadaire éteint rue des Tilleuls, 100% noir.', latitude: 47.668, longitude: -2.982 },
		{ category: 'dechets-proprete', description: 'Poubelles renversées sur le parking du marché.', latitude: 47.69, longitude: -2.95 },
		{ category: 'encombrants', description: 'Un matelas contre le mur de l’école.', latitude: 47.642, longitude: -3.015 }
	];
	for (const spec of specs) {
		const created = await api(people.citizen, 'POST', '/api/v1/issue-reports', spec);
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		expect(created.body.organisation.slug).toBe(slug.ville);
		town.push({ id: created.body.id, code: created.body.tracking_code, ...spec });
	}
	const other = await api(people.citizen, 'POST', '/api/v1/issue-reports', { category: 'encombrants', description: 'Un frigo sur le trottoir de la voisine.', latitude: 47.65, longitude: -2.75 });
	expect(other.body.organisation.slug).toBe(slug.voisine);
	neighbourReport = other.body.id;
}, 120_000);
afterAll(() => server?.dispose());

const queue = (person: P | undefined, query: string) => api(person, 'GET', `/api/v1/issue-reports/queue?${query}`);
const ids = (body: { items: { id: string }[] }) => body.items.map((r) => r.id);

describe('the queue', () => {
	it('is for agents only, of their own organisations', async () => {
		expect((await queue(undefined, '')).status).toBe(401);
		expect((await queue(people.citizen, '')).status).toBe(403);
		expect((await queue(people.townAdmin, '')).status).toBe(403);
		const other = await queue(people.townAgent, `organisation=${slug.voisine}`);
		expect(other.status).toBe(403);
		expect(other.body.error.message).toBe(`Vous ne traitez pas les signalements de « ${slug.voisine} ».`);
		const mine = await queue(people.townAgent, '');
		expect(mine.status, JSON.stringify(mine.body)).toBe(200);
		expect(mine.body).toMatchObject({ total: 4, page: 1, pages: 1 });
		expect(ids(mine.body)).toEqual(town.map((r) => r.id).reverse());
		expect(mine.body.items[0].tracking_code).toBe(town[3].code);
		const both = await queue(people.bothAgent, '');
		expect(both.body.total).toBe(5);
		expect(ids((await queue(people.bothAgent, `organisation=${slug.voisine}`)).body)).toEqual([neighbourReport]);
	});

	it('filters by status, category (with its sub-categories) and words', async () => {
		expect(ids((await queue(people.townAgent, 'category=encombrants')).body)).toEqual([town[3].id, town[0].id]);
		expect(ids((await queue(people.townAgent, 'category=dechets-proprete')).body)).toEqual([town[3].id, town[2].id, town[0].id]);
		expect(ids((await queue(people.townAgent, 'q=LAMPADAIRE')).body)).toEqual([town[1].id]);
		expect(ids((await queue(people.townAgent, `q=${encodeURIComponent(town[2].code.toLowerCase())}`)).body)).toEqual([town[2].id]);
		// `%` is searched as itself, not as a wildcard.
		expect(ids((await queue(people.townAgent, `q=${encodeURIComponent('100%')}`)).body)).toEqual([town[1].id]);
		expect((await queue(people.townAgent, `q=${encodeURIComponent('%')}`)).body.total).toBe(1);
		expect((await queue(people.townAgent, 'status=resolved')).body.total).toBe(0);
		expect((await queue(people.townAgent, 'status=received&category=encombrants&q=matelas')).body.items.map((r: any) => r.id)).toEqual([town[3].id]);
		const bad = await queue(people.townAgent, 'status=perdu&category=');
		expect(bad.status).toBe(422);
		expect(Object.keys(bad.body.error.fields)).toEqual(['status']);
		expect((await queue(people.townAgent, 'category=inconnue')).status).toBe(422);
	});

	it('sorts by date, category or distance, one bounded page at a time', async () => {
		expect(ids((await queue(people.townAgent, 'sort=oldest')).body)).toEqual(town.map((r) => r.id));
		// As in the tree: waste, its bulky-items child (newest first), then street lighting.
		expect(ids((await queue(people.townAgent, 'sort=category')).body)).toEqual([town[2].id, town[3].id, town[0].id, town[1].id]);
		const nearest = await queue(people.townAgent, `sort=nearest&near_lat=${TOWN_HALL.latitude}&near_lon=${TOWN_HALL.longitude}`);
		expect(ids(nearest.body)).toEqual([town[1].id, town[0].id, town[2].id, town[3].id]);
		const noPoint = await queue(people.townAgent, 'sort=nearest');
		expect(noPoint.status).toBe(422);
		expect(noPoint.body.error.fields.near_lat).toBe('Le tri « plus proches » demande la latitude et la longitude du point.');
		const second = await queue(people.townAgent, 'sort=oldest&limit=3&page=2');
		expect(second.body).toMatchObject({ total: 4, page: 2, pages: 2 });
		expect(ids(second.body)).toEqual([town[3].id]);
		expect((await queue(people.townAgent, 'page=201')).status).toBe(422);
		expect((await queue(people.townAgent, 'limit=101')).status).toBe(422);
	});
});

const history = async (id: string) => (await api(people.townAgent, 'GET', `/api/v1/issue-reports/${id}`)).body;

describe('answer templates', () => {
	it('are managed by the organisation’s agents and administrators only', async () => {
		const path = `/api/v1/issue-reports/organisations/${slug.ville}/templates`;
		const body = { title: 'Enlèvement programmé', status: 'in_progress', public_text: 'Nos équipes passeront cette semaine.' };
		expect((await api(undefined, 'POST', path, body)).status).toBe(401);
		expect((await api(people.citizen, 'POST', path, body)).status).toBe(403);
		expect((await api(people.neighbourAgent, 'POST', path, body)).status).toBe(403);
		expect((await api(people.neighbourAdmin, 'GET', path)).status).toBe(403);
		const invalid = await api(people.townAgent, 'POST', path, { title: ' ', status: 'perdu', public_text: '' });
		expect(invalid.status).toBe(422);
		expect(Object.keys(invalid.body.error.fields).sort()).toEqual(['public_text', 'status', 'title']);
		const created = await api(people.townAgent, 'POST', path, body);
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		expect(created.body).toMatchObject({ organisation: slug.ville, ...body });
		const id = created.body.id;
		const listed = await api(people.townAdmin, 'GET', path);
		expect(listed.body.items.map((t: any) => t.id)).toEqual([id]);
		const edited = await api(people.townAdmin, 'PUT', `${path}/${id}`, { title: 'Enlèvement sous huit jours', public_text: 'Nos équipes passeront sous huit jours.' });
		expect(edited.status).toBe(200);
		expect(edited.body).toMatchObject({ title: 'Enlèvement sous huit jours', status: null });
		expect((await api(people.neighbourAgent, 'DELETE', `${path}/${id}`)).status).toBe(403);
		// Another organisation's template is not found through this one.
		const theirs = await api(people.neighbourAgent, 'POST', `/api/v1/issue-reports/organisations/${slug.voisine}/templates`, { title: 'Vu', public_text: 'Nous avons vu votre signalement.' });
		expect(theirs.status).toBe(201);
		expect((await api(people.townAgent, 'GET', `${path}/${theirs.body.id}`)).status).toBe(404);
		expect((await api(people.townAgent, 'DELETE', `${path}/${theirs.body.id}`)).status).toBe(404);
		expect((await api(people.townAgent, 'GET', `${path}/pas-un-id`)).status).toBe(404);
		expect((await api(people.townAgent, 'DELETE', `${path}/${id}`)).status).toBe(204);
		expect((await api(people.townAgent, 'GET', `${path}/${id}`)).status).toBe(404);
		expect((await api(people.neighbourAgent, 'GET', `/api/v1/issue-reports/organisations/${slug.voisine}/templates`)).body.items).toHaveLength(1);
	});

	it('are written to the admin log: who created, changed or deleted which template, and nothing for a refusal', async () => {
		const path = `/api/v1/issue-reports/organisations/${slug.ville}/templates`;
		const created = await api(people.townAgent, 'POST', path, { title: 'Vu sur place', status: 'in_progress', public_text: 'Un agent est passé.' });
		expect(created.status).toBe(201);
		const id = created.body.id;
		expect((await api(people.neighbourAgent, 'PUT', `${path}/${id}`, { title: 'Intrus', public_text: 'Texte intrus.' })).status).toBe(403);
		expect((await api(people.townAdmin, 'PUT', `${path}/${id}`, { title: ' ', public_text: '' })).status).toBe(422);
		expect((await api(people.townAdmin, 'PUT', `${path}/${id}`, { title: 'Vu sur place par un agent', status: 'in_progress', public_text: 'Un agent est passé.' })).status).toBe(200);
		expect((await api(people.townAgent, 'DELETE', `${path}/${id}`)).status).toBe(204);
		const log = await api(people.platformAdmin, 'GET', '/api/v1/admin-log?limit=100');
		expect(log.status).toBe(200);
		const entries = (log.body.items as any[]).filter((e) => e.details?.template === id).reverse();
		expect(entries.map((e) => [e.action, e.actor.name, e.target])).toEqual([
			['streetreports.template.create', 'agent-ville', { type: 'organisation', id: orgId.ville }],
			['streetreports.template.update', 'admin-ville', { type: 'organisation', id: orgId.ville }],
			['streetreports.template.delete', 'agent-ville', { type: 'organisation', id: orgId.ville }]
		]);
		expect(entries[0].details).toEqual({ template: id, title: 'Vu sur place', status: 'in_progress' });
		expect(entries[1].details).toEqual({ template: id, title: 'Vu sur place par un agent', status: 'in_progress', previous: { title: 'Vu sur place', status: 'in_progress', changedText: false } });
		expect(entries[2].details).toEqual({ template: id, title: 'Vu sur place par un agent', status: 'in_progress' });
		// The templates page writes the same entries.
		const added = await clientOf(server, people.townAdmin).submit(`/signalements/reglages/${slug.ville}/modeles?/create`, { title: 'Ajouté par la page', status: '', public_text: 'Texte de la page.' });
		expect(added.notice).toBe('Modèle ajouté.');
		const after = (await api(people.platformAdmin, 'GET', '/api/v1/admin-log?limit=5')).body.items as any[];
		expect(after.find((e) => e.action === 'streetreports.template.create' && e.details.title === 'Ajouté par la page')).toMatchObject({ actor: { id: people.townAdmin.id, name: 'admin-ville' } });
	});

	it('fill an empty public comment on a single status change, only with the organisation’s own template', async () => {
		const path = `/api/v1/issue-reports/organisations/${slug.ville}/templates`;
		const mine = await api(people.townAgent, 'POST', path, { title: 'Pris en charge', public_text: 'Votre signalement est pris en charge.' });
		const theirs = (await api(people.neighbourAgent, 'GET', `/api/v1/issue-reports/organisations/${slug.voisine}/templates`)).body.items[0];
		const refused = await api(people.townAgent, 'POST', `/api/v1/issue-reports/${town[0].id}/status`, { status: 'in_progress', template: theirs.id });
		expect(refused.status).toBe(400);
		expect(refused.body.error.fields.template).toBe('Ce modèle appartient à un autre organisme.');
		expect((await history(town[0].id)).status).toBe('received');
		const done = await api(people.townAgent, 'POST', `/api/v1/issue-reports/${town[0].id}/status`, { status: 'in_progress', template: mine.body.id });
		expect(done.status, JSON.stringify(done.body)).toBe(200);
		expect(done.body.history.at(-1)).toMatchObject({ type: 'status', status: 'in_progress', public_comment: 'Votre signalement est pris en charge.' });
	});
});

describe('bulk status changes', () => {
	const bulk = (person: P | undefined, body: unknown) => api(person, 'POST', '/api/v1/issue-reports/bulk-status', body);
	const snapshot = async (reportIds: string[]) => Promise.all(reportIds.map(async (id) => ((r) => ({ status: r.status, events: r.history.length }))(await history(id))));

	it('refuses the whole selection when one report belongs to another organisation or does not exist, and changes nothing', async () => {
		const selection = [town[1].id, town[2].id];
		const before = await snapshot([...selection, neighbourReport]);
		const change = { status: 'resolved', public_comment: 'Réglé.', private_comment: 'Lot 1' };
		expect((await bulk(undefined, { ...change, ids: selection })).status).toBe(401);
		const outsider = await bulk(people.neighbourAgent, { ...change, ids: selection });
		expect(outsider.status).toBe(403);
		expect(outsider.body.error.message).toBe('Sélection refusée : certains signalements sont traités par un autre organisme. Aucun signalement n’a été modifié.');
		expect((await bulk(people.townAgent, { ...change, ids: [...selection, neighbourReport] })).status).toBe(403);
		const missing = '00000000-0000-4000-8000-000000000000';
		const partial = await bulk(people.townAgent, { ...change, ids: [...selection, missing] });
		expect(partial.status).toBe(400);
		expect(partial.body.error).toMatchObject({ code: 'bad_request', fields: { ids: 'Des signalements cochés n’existent pas.' } });
		expect(partial.body.error.message).toContain(missing);
		const malformed = await bulk(people.townAgent, { ...change, ids: [town[1].id, 'pas-un-id'] });
		expect(malformed.status).toBe(422);
		expect(Object.keys(malformed.body.error.fields)).toEqual(['ids.1']);
		expect((await bulk(people.townAgent, { ...change, ids: [] })).body.error.fields).toEqual({ ids: 'Cochez au moins un signalement.' });
		expect((await bulk(people.townAgent, { ...change, ids: Array.from({ length: 101 }, () => town[1].id) })).status).toBe(422);
		const theirs = (await api(people.neighbourAgent, 'GET', `/api/v1/issue-reports/organisations/${slug.voisine}/templates`)).body.items[0];
		expect((await bulk(people.townAgent, { status: 'resolved', template: theirs.id, ids: selection })).status).toBe(400);
		expect(await snapshot([...selection, neighbourReport])).toEqual(before);
	});

	it('changes every selected report at once, with a history row each and the reporter told', async () => {
		const template = await api(people.townAgent, 'POST', `/api/v1/issue-reports/organisations/${slug.ville}/templates`, {
			title: 'Réglé',
			status: 'resolved',
			public_text: 'Le problème est réglé, merci !'
		});
		const selection = [town[1].id, town[2].id, town[1].id];
		const before = await snapshot([town[1].id, town[2].id, town[3].id]);
		const done = await bulk(people.bothAgent, { status: 'resolved', template: template.body.id, private_comment: 'Tournée du mardi', ids: selection });
		expect(done.status, JSON.stringify(done.body)).toBe(200);
		expect(done.body.updated).toBe(2);
		expect(done.body.items.map((r: any) => r.status)).toEqual(['resolved', 'resolved']);
		const after = await snapshot([town[1].id, town[2].id, town[3].id]);
		expect(after).toEqual([
			{ status: 'resolved', events: before[0].events + 1 },
			{ status: 'resolved', events: before[1].events + 1 },
			before[2]
		]);
		for (const id of [town[1].id, town[2].id]) {
			const publicView = await api(undefined, 'GET', `/api/v1/issue-reports/${id}`);
			expect(publicView.body.history.at(-1)).toMatchObject({ type: 'status', status: 'resolved', public_comment: 'Le problème est réglé, merci !' });
			expect(JSON.stringify(publicView.body)).not.toContain('Tournée du mardi');
			expect((await history(id)).history.at(-1).private_comment).toBe('Tournée du mardi');
		}
		const notes = await api(people.citizen, 'GET', '/api/v1/notifications');
		const told = notes.body.items.filter((n: any) => n.kind === 'streetreport.status').map((n: any) => n.payload.url);
		expect(told).toEqual(expect.arrayContaining([`/signalements/${town[1].id}`, `/signalements/${town[2].id}`]));
		expect((await queue(people.townAgent, 'status=resolved')).body.total).toBe(2);
	});
});

describe('the agents’ pages', () => {
	it('answer one report from the queue page, and refuse people who do not handle it', async () => {
		expect((await clientOf(server).get('/signalements/traitement')).status).toBe(401);
		expect((await clientOf(server, people.citizen).get('/signalements/traitement')).status).toBe(403);
		const page = await clientOf(server, people.townAgent).get(`/signalements/traitement?q=matelas`);
		expect(page.status).toBe(200);
		expect(page.body).toContain(town[3].code);
		expect(page.body).not.toContain(town[1].code);
		const form = { ids: town[3].id, status: 'rejected', public_comment: 'Ce matelas a déjà été enlevé.', private_comment: '' };
		const refused = await clientOf(server, people.neighbourAgent).submit('/signalements/traitement?/bulk', form);
		expect(refused.status).toBe(403);
		expect(refused.alert).toBe('Sélection refusée : certains signalements sont traités par un autre organisme. Aucun signalement n’a été modifié.');
		const empty = await clientOf(server, people.townAgent).submit('/signalements/traitement?/bulk', { status: 'rejected' });
		expect(empty.status).toBe(422);
		expect(empty.body).toContain('Cochez au moins un signalement.');
		expect((await history(town[3].id)).status).toBe('received');
		const done = await clientOf(server, people.townAgent).submit('/signalements/traitement?q=matelas&/bulk', form);
		expect(done.status, done.alert ?? '').toBe(200);
		expect(done.notice).toBe('1 signalement(s) mis à jour.');
		expect((await history(town[3].id)).history.at(-1)).toMatchObject({ status: 'rejected', public_comment: 'Ce matelas a déjà été enlevé.' });
	});

	it('give back everything the agent typed and ticked when a form is refused, and change nothing', async () => {
		const text = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '');
		/** The opening tag of the element with this id, or of the checkbox with this value. */
		const tag = (html: string, pattern: RegExp) => pattern.exec(html)?.[0] ?? '';
		const checked = (html: string, value: string) => / checked/.test(tag(html, new RegExp(`<input[^>]*value="${value}"[^>]*>`)));
		const selectedIn = (html: string, selectId: string) => /<option value="([^"]*)"[^>]*selected/.exec(html.slice(html.indexOf(`id="${selectId}"`)).split('</select>')[0])?.[1];
		const textareaOf = (html: string, id: string) => new RegExp(`<textarea[^>]*id="${id}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1];
		const template = await api(people.townAgent, 'POST', `/api/v1/issue-reports/organisations/${slug.ville}/templates`, { title: 'Passage prévu', public_text: 'Nous passerons.' });
		const tooLong = 'x'.repeat(5_001);
		const before = await Promise.all([town[0].id, town[2].id].map(async (id) => (await history(id)).history.length));

		// The queue's bulk form: the selection, the status, the template and both comments come back.
		const bulk = new FormData();
		for (const id of [town[0].id, town[2].id]) bulk.append('ids', id);
		for (const [name, value] of Object.entries({ status: 'in_progress', template: template.body.id, public_comment: 'Équipe prévenue & « en route ».', private_comment: tooLong })) bulk.append(name, value);
		const refused = await clientOf(server, people.townAgent).submit('/signalements/traitement?/bulk', bulk);
		expect(refused.status).toBe(422);
		const queuePage = text(refused.body);
		expect(queuePage).toContain('id="bulk-private_comment-error"');
		expect(checked(queuePage, town[0].id)).toBe(true);
		expect(checked(queuePage, town[2].id)).toBe(true);
		expect(checked(queuePage, town[1].id)).toBe(false);
		expect(selectedIn(queuePage, 'bulk-status')).toBe('in_progress');
		expect(selectedIn(queuePage, 'bulk-template')).toBe(template.body.id);
		expect(textareaOf(queuePage, 'bulk-public_comment')).toBe('Équipe prévenue &amp; « en route ».');
		expect(textareaOf(queuePage, 'bulk-private_comment')).toBe(tooLong);

		// One report's status form.
		const single = await clientOf(server, people.townAgent).submit(`/signalements/${town[2].id}?/status`, {
			status: 'rejected',
			template: template.body.id,
			public_comment: 'Ce n’est pas de notre ressort.',
			private_comment: tooLong
		});
		expect(single.status).toBe(422);
		expect(single.fieldErrors.private_comment).toBeTruthy();
		const reportPage = text(single.body);
		expect(selectedIn(reportPage, 'field-status')).toBe('rejected');
		expect(selectedIn(reportPage, 'field-template')).toBe(template.body.id);
		expect(textareaOf(reportPage, 'field-public_comment')).toBe('Ce n’est pas de notre ressort.');
		expect(textareaOf(reportPage, 'field-private_comment')).toBe(tooLong);
		expect(await Promise.all([town[0].id, town[2].id].map(async (id) => (await history(id)).history.length))).toEqual(before);

		// The templates page: a refused edit shows what was typed in that template's form, not what is stored.
		const path = `/signalements/reglages/${slug.ville}/modeles`;
		const edit = await clientOf(server, people.townAgent).submit(`${path}?/update`, { id: template.body.id, title: ' ', status: 'resolved', public_text: 'Nous passerons demain matin.' });
		expect(edit.status).toBe(422);
		const templatesPage = text(edit.body);
		expect(templatesPage).toContain(`id="template-${template.body.id}-title-error"`);
		expect(selectedIn(templatesPage, `template-${template.body.id}-status`)).toBe('resolved');
		expect(textareaOf(templatesPage, `template-${template.body.id}-public_text`)).toBe('Nous passerons demain matin.');
		expect(textareaOf(templatesPage, 'new-public_text')).toBe('');
		const create = await clientOf(server, people.townAgent).submit(`${path}?/create`, { title: '', status: 'duplicate', public_text: 'Déjà signalé.' });
		expect(create.status).toBe(422);
		expect(selectedIn(text(create.body), 'new-status')).toBe('duplicate');
		expect(textareaOf(text(create.body), 'new-public_text')).toBe('Déjà signalé.');
		expect(textareaOf(text(create.body), `template-${template.body.id}-public_text`)).toBe('Nous passerons.');
		const stored = await api(people.townAgent, 'GET', `/api/v1/issue-reports/organisations/${slug.ville}/templates/${template.body.id}`);
		expect(stored.body).toMatchObject({ title: 'Passage prévu', status: null, public_text: 'Nous passerons.' });
	});

	it('let the organisation’s agents manage templates through the templates page only', async () => {
		const path = `/signalements/reglages/${slug.ville}/modeles`;
		expect((await clientOf(server, people.neighbourAgent).get(path)).status).toBe(403);
		const intruder = await clientOf(server, people.neighbourAgent).submit(`${path}?/create`, { title: 'Intrus', status: '', public_text: 'Texte intrus.' });
		expect(intruder.status).toBe(403);
		const added = await clientOf(server, people.townAgent).submit(`${path}?/create`, { title: 'Enlevé', status: 'resolved', public_text: 'L’objet a été enlevé.' });
		expect(added.notice).toBe('Modèle ajouté.');
		const listed = (await api(people.townAgent, 'GET', `/api/v1/issue-reports/organisations/${slug.ville}/templates`)).body.items;
		expect(listed.map((t: any) => t.title)).toContain('Enlevé');
		expect(listed.map((t: any) => t.title)).not.toContain('Intrus');
	});
});

describe('connectors and the outbound guard', () => {
	const put = (body: unknown) => api(people.townAdmin, 'PUT', `/api/v1/issue-reports/organisations/${slug.ville}/connectors`, body);

	it('refuses an Open311 or webhook URL leading to the machine or its network with a precise 400', async () => {
		const loopback = await put({ kind: 'open311', url: 'http://127.0.0.1:8080/open311', api_key: 'cle', enabled: false });
		expect(loopback.status).toBe(400);
		expect(loopback.body.error).toEqual({
			code: 'bad_request',
			message:
				'Adresse refusée : 127.0.0.1 mène à 127.0.0.1, une adresse de la machine elle-même ou du réseau local. Sur un intranet, l’administrateur du serveur peut l’autoriser avec OUTBOUND_ALLOW_PRIVATE_NETWORKS=true.',
			fields: { url: 'Cette adresse mène à la machine elle-même ou au réseau local : elle est refusée.' }
		});
		const secret = 'whsec_' + Buffer.from('un-secret-de-trente-deux-octets!!').toString('base64');
		for (const url of ['http://localhost/hook', 'http://10.0.0.7/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest', 'http://192.168.0.2/hook'])
			expect((await put({ kind: 'webhook', url, secret, enabled: false })).status, url).toBe(400);
		expect((await api(people.townAdmin, 'GET', `/api/v1/issue-reports/organisations/${slug.ville}/connectors`)).body.items).toEqual([]);
		// A public address is kept (disabled here: the test sends nothing out).
		const saved = await put({ kind: 'open311', url: 'https://93.184.215.14/open311', api_key: 'cle', enabled: false });
		expect(saved.status, JSON.stringify(saved.body)).toBe(200);
	});

	it('sends through the guard: a connector leading to a private address fails at once, with the reason', async () => {
		const failed = await waitUntil('the refused forwarding', async () => {
			const list = await api(people.neighbourAdmin, 'GET', `/api/v1/issue-reports/organisations/${slug.voisine}/forwardings`);
			return list.body.items.find((f: any) => f.report_id === neighbourReport && f.status === 'failed');
		});
		expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
		expect(failed.last_error).toBe('127.0.0.1 resolves to 127.0.0.1, a private or local address (set OUTBOUND_ALLOW_PRIVATE_NETWORKS=true to allow it)');
	});
});
