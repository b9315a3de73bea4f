import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, seedCommunity, type Community, type Person } from '../support/community.js';
import { HttpClient } from '../support/http.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

type P = Person & SignedIn;
let server: TestServer;
let world: Community;
let people: { author: P; moderator: P; orgAdmin: P; platformAdmin: P; member: P; citizens: P[] };

beforeAll(async () => {
	server = await startServer({
		// The development mailbox keeps the e-mails the outbox delivers.
		env: { DEV_MAILBOX: 'on' },
		prepare: async (db) => {
			world = await seedCommunity(db, { citizens: 8 });
			const { author, moderator, orgAdmin, platformAdmin, member, citizens: c } = world.people;
			const [a, m, o, p, mb, ...citizens] = await openSessions(db, [author, moderator, orgAdmin, platformAdmin, member, ...c]);
			people = { author: a, moderator: m, orgAdmin: o, platformAdmin: p, member: mb, citizens };
		}
	});
});
afterAll(async () => {
	await server?.dispose();
});

const api = <T = any>(person: P | undefined, method: string, path: string, body?: unknown) => apiAs<T>(server, person, method, path, body);
const comment = async (person: P, body: string, targetId = world.proposal.id) => {
	const created = await api(person, 'POST', '/api/v1/comments', { targetType: 'proposal', targetId, body });
	expect(created.status).toBe(201);
	return created.body.id as string;
};
const report = (person: P | undefined, targetId: string, reason = 'offensive', targetType = 'comment') =>
	api(person, 'POST', '/api/v1/reports', { targetType, targetId, reason });
const publicComments = async (targetId = world.proposal.id) =>
	(await api(undefined, 'GET', `/api/v1/comments?target_type=proposal&target_id=${targetId}&limit=100`)).body.items as any[];
const discussionPath = (targetId = world.proposal.id) => `/comments?targetType=proposal&targetId=${targetId}`;
const adminLog = async () => (await api(people.platformAdmin, 'GET', '/api/v1/admin-log?limit=100')).body.items as any[];

describe('reports', () => {
	it('hides a comment after three distinct reports, not two; the same person counts once', async () => {
		const id = await comment(people.author, 'Un commentaire que certains trouvent déplacé');
		expect((await report(undefined, id)).status).toBe(401);
		const own = await report(people.author, id);
		expect(own.status).toBe(403);
		expect(own.body.error.message).toBe('Vous ne pouvez pas signaler votre propre contenu.');
		expect((await report(people.citizens[0], id, 'rude')).status).toBe(422);

		const first = await report(people.citizens[0], id, 'spam');
		expect(first.status).toBe(201);
		expect(first.body).toMatchObject({ report_count: 1, hidden: false });
		const again = await report(people.citizens[0], id, 'offensive');
		expect(again.status).toBe(409);
		expect(again.body.error.message).toBe('Vous avez déjà signalé ce contenu.');
		expect((await report(people.citizens[1], id)).body).toMatchObject({ report_count: 2, hidden: false });
		expect((await publicComments()).find((c) => c.id === id).state).toBe('visible');

		const third = await report(people.citizens[2], id, 'personal_data');
		expect(third.body).toMatchObject({ report_count: 3, hidden: true });
		// Hidden for the public, in the API and the page…
		const listed = (await publicComments()).find((c) => c.id === id);
		expect(listed === undefined || (listed.state === 'hidden' && listed.body === null && listed.author === null)).toBe(true);
		const page = await clientOf(server).get(discussionPath());
		expect(page.body).not.toContain('Un commentaire que certains trouvent déplacé');
		// …but not for the space's moderators.
		const forModerator = (await api(people.moderator, 'GET', `/api/v1/comments?target_type=proposal&target_id=${world.proposal.id}&limit=100`)).body.items.find(
			(c: any) => c.id === id
		);
		expect(forModerator).toMatchObject({ state: 'hidden', body: 'Un commentaire que certains trouvent déplacé' });
		const moderatorPage = await clientOf(server, people.moderator).get(discussionPath());
		expect(moderatorPage.body).toContain('Un commentaire que certains trouvent déplacé');
		expect(moderatorPage.body).toContain('Masqué (visible des modérateurs seulement)');
		// A fourth report is refused: it is already hidden pending review.
		expect((await report(people.citizens[3], id)).status).toBe(409);

		// The author is told: in-app notification and e-mail, and the admin log records it.
		const notifications = (await api(people.author, 'GET', '/api/v1/notifications')).body.items as any[];
		expect(notifications.find((n) => n.kind === 'moderation.hidden')).toBeDefined();
		await waitUntil('the e-mail to the author', async () => {
			const mailbox = await clientOf(server).get('/dev/mailbox');
			return mailbox.body.includes(people.author.email) && mailbox.body.includes('Votre contribution est masquée') ? true : undefined;
		});
		const log = await adminLog();
		expect(log.find((e) => e.action === 'moderation.autoHide' && e.target.id === id)).toMatchObject({ actor: { label: 'system' } });
	});

	it('counts parallel reports exactly: distinct people once each, one person once', async () => {
		const id = await comment(people.author, 'Signalé en parallèle');
		const sameTwice = await Promise.all(Array.from({ length: 6 }, () => report(people.citizens[4], id)));
		expect(sameTwice.filter((r) => r.status === 201)).toHaveLength(1);
		expect(sameTwice.filter((r) => r.status === 409)).toHaveLength(5);
		expect((await publicComments()).find((c) => c.id === id).state).toBe('visible');

		const other = await comment(people.author, 'Trois signalements simultanés');
		const three = await Promise.all([report(people.citizens[0], other), report(people.citizens[1], other), report(people.citizens[2], other)]);
		expect(three.map((r) => r.status)).toEqual([201, 201, 201]);
		expect(three.map((r) => r.body.report_count).sort()).toEqual([1, 2, 3]);
		expect(three.filter((r) => r.body.hidden)).toHaveLength(1);
		const queue = (await api(people.moderator, 'GET', '/api/v1/moderation?state=pending&limit=100')).body.items as any[];
		expect(queue.find((item) => item.target.id === other)).toMatchObject({ report_count: 3, reasons: { offensive: 3 } });
		expect(queue.find((item) => item.target.id === id)).toMatchObject({ report_count: 1 });
	});

	it('reports proposals too, and hides them from the public at the threshold', async () => {
		const proposalId = world.shallowProposal.id;
		for (const person of people.citizens.slice(0, 3)) expect((await report(person, proposalId, 'off_topic', 'proposal')).status).toBe(201);
		expect((await api(undefined, 'GET', `/api/v1/proposals/${proposalId}`)).status).toBe(404);
		expect((await api(undefined, 'GET', `/api/v1/comments?target_type=proposal&target_id=${proposalId}`)).status).toBe(404);
		const decision = await api(people.orgAdmin, 'POST', '/api/v1/moderation/decisions', { targetType: 'proposal', targetId: proposalId, decision: 'unhide' });
		expect(decision.status).toBe(200);
		expect(decision.body).toMatchObject({ state: 'dismissed', hidden: false });
		expect((await api(undefined, 'GET', `/api/v1/proposals/${proposalId}`)).status).toBe(200);
	});
});

describe('the moderators’ queue and decisions', () => {
	it('is for the space’s moderators and the organisation’s administrators only', async () => {
		const id = await comment(people.author, 'Pour la file');
		await report(people.citizens[5], id, 'spam');
		expect((await api(undefined, 'GET', '/api/v1/moderation')).status).toBe(401);
		expect((await api(people.citizens[0], 'GET', '/api/v1/moderation')).body.items).toEqual([]);
		for (const moderator of [people.moderator, people.orgAdmin, people.platformAdmin]) {
			const items = (await api(moderator, 'GET', '/api/v1/moderation')).body.items as any[];
			expect(items.find((item) => item.target.id === id)).toMatchObject({
				state: 'pending',
				report_count: 1,
				reasons: { spam: 1 },
				space: { slug: world.space.slug },
				content: { excerpt: 'Pour la file', author: { id: people.author.id, blocked: false } }
			});
		}
		const perSpace = (await api(people.moderator, 'GET', `/api/v1/moderation?space=${world.closedSpace.slug}`)).body.items as any[];
		expect(perSpace.find((item) => item.target.id === id)).toBeUndefined();
		const refused = await api(people.citizens[0], 'POST', '/api/v1/moderation/decisions', { targetType: 'comment', targetId: id, decision: 'hide' });
		expect(refused.status).toBe(403);
		expect((await clientOf(server, people.citizens[0]).get('/moderation')).status).toBe(403);
		const page = await clientOf(server, people.moderator).get('/moderation');
		expect(page.status).toBe(200);
		expect(page.body).toContain('Pour la file');
		expect(page.body).toContain('1 signalement(s)');
	});

	it('hides, unhides and dismisses, each in the admin log', async () => {
		const id = await comment(people.author, 'À modérer');
		await report(people.citizens[6], id, 'offensive');
		const decide = (decision: string) => api(people.moderator, 'POST', '/api/v1/moderation/decisions', { targetType: 'comment', targetId: id, decision });
		expect((await decide('hide')).body).toMatchObject({ state: 'hidden', hidden: true });
		expect((await publicComments()).find((c) => c.id === id)?.state ?? 'hidden').toBe('hidden');
		expect((await api(people.moderator, 'GET', '/api/v1/moderation?state=hidden')).body.items.map((i: any) => i.target.id)).toContain(id);
		expect((await decide('unhide')).body).toMatchObject({ state: 'dismissed', hidden: false });
		expect((await publicComments()).find((c) => c.id === id).state).toBe('visible');
		expect((await decide('dismiss')).body).toMatchObject({ state: 'dismissed', hidden: false });
		const pending = (await api(people.moderator, 'GET', '/api/v1/moderation')).body.items as any[];
		expect(pending.find((item) => item.target.id === id)).toBeUndefined();
		const actions = (await adminLog()).filter((e) => e.target.id === id).map((e) => e.action);
		expect(actions).toEqual(expect.arrayContaining(['moderation.hide', 'moderation.unhide', 'moderation.dismiss']));

		// Through the queue page's form, without JavaScript.
		const form = await clientOf(server, people.moderator).submit('/moderation?/decide', { targetType: 'comment', targetId: id, decision: 'hide' });
		expect(form.status).toBe(200);
		expect(form.body).toContain('Le contenu est masqué.');
	});

	it('keeps the proposal’s comment count to visible comments', async () => {
		const count = async () => (await api(undefined, 'GET', `/api/v1/proposals/${world.proposal.id}`)).body.comments_count as number;
		const id = await comment(people.author, 'Compté ou pas');
		const before = await count();
		await api(people.orgAdmin, 'POST', '/api/v1/moderation/decisions', { targetType: 'comment', targetId: id, decision: 'hide' });
		expect(await count()).toBe(before - 1);
		await api(people.orgAdmin, 'POST', '/api/v1/moderation/decisions', { targetType: 'comment', targetId: id, decision: 'unhide' });
		expect(await count()).toBe(before);
	});
});

describe('blocking', () => {
	it('is for platform administrators: sign-in refused, sessions closed, « Participant bloqué » shown', async () => {
		const blocked = people.citizens[7];
		const id = await comment(blocked, 'Message d’une personne bientôt bloquée');
		expect((await api(people.orgAdmin, 'PUT', `/api/v1/users/${blocked.id}/block`)).status).toBe(403);
		expect((await api(people.moderator, 'PUT', `/api/v1/users/${blocked.id}/block`)).status).toBe(403);
		expect((await api(people.platformAdmin, 'PUT', `/api/v1/users/${people.platformAdmin.id}/block`)).status).toBe(403);
		expect((await api(people.platformAdmin, 'PUT', '/api/v1/users/00000000-0000-4000-8000-000000000000/block')).status).toBe(404);
		const done = await api(people.platformAdmin, 'PUT', `/api/v1/users/${blocked.id}/block`);
		expect(done.status).toBe(200);
		expect(done.body.blocked_at).not.toBeNull();

		// The old session is closed…
		expect((await api(blocked, 'GET', '/api/v1/me')).status).toBe(401);
		// …and signing in is refused with a clear message.
		const login = await new HttpClient(server).submit('/login', { email: blocked.email, password: PASSWORD });
		expect(login.status).toBe(403);
		expect(login.alert).toMatch(/bloqué/i);

		// Their name is hidden wherever their content appears.
		const listed = (await publicComments()).find((c) => c.id === id);
		expect(listed.author).toEqual({ id: null, name: 'Participant bloqué', blocked: true });
		const page = await clientOf(server).get(discussionPath());
		expect(page.body).toContain('Participant bloqué');
		expect(page.body).not.toContain(blocked.name);
		const card = await clientOf(server).get(`/users/${blocked.id}`);
		expect(card.body).toContain('Participant bloqué');
		expect(card.body).not.toContain(blocked.name);

		expect((await adminLog()).find((e) => e.action === 'user.block' && e.target.id === blocked.id)).toBeDefined();

		// Unblocking gives the name and sign-in back.
		expect((await api(people.platformAdmin, 'DELETE', `/api/v1/users/${blocked.id}/block`)).status).toBe(204);
		expect((await publicComments()).find((c) => c.id === id).author).toMatchObject({ id: blocked.id, name: blocked.name });
		expect((await new HttpClient(server).submit('/login', { email: blocked.email, password: PASSWORD })).status).toBe(303);
		expect((await adminLog()).find((e) => e.action === 'user.unblock' && e.target.id === blocked.id)).toBeDefined();
	});
});
