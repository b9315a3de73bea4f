/**
 * Chat over a Matrix homeserver: the test homeserver (tests/support/matrix-homeserver.ts) runs in
 * this process, Parvis talks to it as an application service, and people use it through the real
 * matrix-js-sdk with the credentials Parvis hands out. Rooms and memberships follow spaces,
 * messages reach other members' /sync, portal events are announced, and a homeserver that is
 * down or rate-limiting delays calls without losing any.
 */
import { createClient, ClientEvent, RoomEvent, RoomMemberEvent, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import type { Logger } from 'matrix-js-sdk/lib/logger.js';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, outboxJobs } from '#lib/server/db/schema.js';
import { seedCommunity, type Community, type Person } from '../support/community.js';
import { startTestHomeserver, type TestHomeserver } from '../support/matrix-homeserver.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

/** The SDK logs every retry of a homeserver that is down on purpose: keep the test output readable. */
const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, getChild: () => quiet };

type P = Person & SignedIn;
let homeserver: TestHomeserver;
let server: TestServer;
let world: Community;
let people: { member: P; moderator: P; orgAdmin: P; author: P; platformAdmin: P; citizens: P[] };
let organisationSlug: string;
const clients: MatrixClient[] = [];

const matrixIdOf = (person: { id: string }) => `@parvis_${person.id.replaceAll('-', '')}:${homeserver.serverName}`;
const aliasOf = (slug: string) => `#parvis_${slug}:${homeserver.serverName}`;
const roomOf = (slug: string) => waitUntil(`the room of ${slug}`, async () => homeserver.roomIdByAlias(aliasOf(slug)));

beforeAll(async () => {
	homeserver = await startTestHomeserver();
	server = await startServer({
		env: {
			MATRIX_HOMESERVER_URL: homeserver.url,
			MATRIX_SERVER_NAME: homeserver.serverName,
			MATRIX_AS_TOKEN: homeserver.asToken,
			MATRIX_HS_TOKEN: homeserver.hsToken,
			SITE_URL: 'https://parvis.example.fr'
		},
		prepare: async (db) => {
			world = await seedCommunity(db, { citizens: 5 });
			const [member, moderator, orgAdmin, author, platformAdmin, ...citizens] = await openSessions(db, [
				world.people.member,
				world.people.moderator,
				world.people.orgAdmin,
				world.people.author,
				world.people.platformAdmin,
				...world.people.citizens
			]);
			people = { member, moderator, orgAdmin, author, platformAdmin, citizens };
			[{ slug: organisationSlug }] = await db.select({ slug: organisations.slug }).from(organisations).where(eq(organisations.id, world.organisationId));
		}
	});
});
afterAll(async () => {
	for (const client of clients) client.stopClient();
	await server?.dispose();
	await homeserver?.close();
});

const api = <T = any>(person: P | undefined, method: string, path: string, body?: unknown) => apiAs<T>(server, person, method, path, body);

/** Signs in to the chat the way the panel does, and starts a real matrix-js-sdk client. */
async function chatClientOf(person: P, slug: string) {
	const session = await api(person, 'POST', `/api/v1/spaces/${slug}/chat/session`);
	expect(session.status, JSON.stringify(session.body)).toBe(200);
	const client = createClient({ baseUrl: session.body.homeserver_url, accessToken: session.body.access_token, userId: session.body.user_id, deviceId: session.body.device_id, logger: quiet });
	clients.push(client);
	const ready = new Promise<void>((resolve) => client.on(ClientEvent.Sync, (state) => state === 'PREPARED' && resolve()));
	await client.startClient({ initialSyncLimit: 20 });
	await ready;
	return { client, roomId: session.body.room_id as string, userId: session.body.user_id as string };
}

/** Resolves with the first timeline event in the room that matches (live events only). */
function nextEvent(client: MatrixClient, roomId: string, match: (event: MatrixEvent) => boolean, timeoutMs = 15_000) {
	return new Promise<MatrixEvent>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('no matching event arrived')), timeoutMs);
		const listener = (event: MatrixEvent, room: { roomId: string } | undefined) => {
			if (room?.roomId === roomId && match(event)) {
				clearTimeout(timer);
				client.off(RoomEvent.Timeline, listener);
				resolve(event);
			}
		};
		client.on(RoomEvent.Timeline, listener);
	});
}

describe('rooms follow spaces', () => {
	it('creates a room per space at start-up, with the members of a private space joined', async () => {
		const roomId = await roomOf(world.privateSpace.slug);
		await waitUntil('the member in the private room', async () => (homeserver.joinedMembers(roomId).includes(matrixIdOf(people.member)) ? true : undefined));
		expect(homeserver.joinedMembers(roomId)).toEqual([homeserver.botUserId, matrixIdOf(people.member)].sort());
		expect(homeserver.membership(await roomOf(world.space.slug), matrixIdOf(people.moderator))).toBe('join');
	});

	it('adds people who join the space and removes those who leave it', async () => {
		const roomId = await roomOf(world.privateSpace.slug);
		const newcomer = people.citizens[0];
		const added = await api(people.orgAdmin, 'POST', `/api/v1/spaces/${world.privateSpace.slug}/members`, { email: newcomer.email });
		expect(added.status).toBe(204);
		await waitUntil('the newcomer joined', async () => (homeserver.membership(roomId, matrixIdOf(newcomer)) === 'join' ? true : undefined));

		const removed = await clientOf(server, people.orgAdmin).submit(`/spaces/${world.privateSpace.slug}/settings?/removeMember`, { userId: newcomer.id });
		expect(removed.status).toBe(200);
		await waitUntil('the newcomer removed', async () => (homeserver.membership(roomId, matrixIdOf(newcomer)) === 'leave' ? true : undefined));
		expect(homeserver.membership(roomId, matrixIdOf(people.member))).toBe('join');
		// Reconciling changed memberships only: the room's join rule and name were written once.
		const settings = await clientOf(server, people.orgAdmin).get(`/spaces/${world.privateSpace.slug}/settings`);
		expect(settings.body).toContain(`Salon Matrix de l’espace : ${aliasOf(world.privateSpace.slug)}`);
		const stateWrites = homeserver.requests.filter((r) => r.method === 'PUT' && r.path.includes(encodeURIComponent(roomId)) && r.path.includes('/state/'));
		expect(stateWrites).toHaveLength(0);

		// Renaming the space renames its room.
		const renamed = await api(people.orgAdmin, 'PATCH', `/api/v1/spaces/${world.privateSpace.slug}`, { title: 'Commission des finances' });
		expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
		await waitUntil('the room renamed', async () =>
			homeserver.requests.some((r) => r.method === 'PUT' && r.path.includes(encodeURIComponent(roomId)) && r.path.includes('/state/m.room.name') && r.status === 200) ? true : undefined
		);
	});

	it('refuses the private room to non-members, and chat to anonymous callers', async () => {
		expect((await api(people.citizens[3], 'POST', `/api/v1/spaces/${world.privateSpace.slug}/chat/session`)).status).toBe(404);
		const anonymous = await api(undefined, 'POST', `/api/v1/spaces/${world.space.slug}/chat/session`);
		expect(anonymous.status).toBe(401);
		expect(anonymous.body.error.code).toBe('unauthenticated');
		const badDevice = await api(people.member, 'POST', `/api/v1/spaces/${world.privateSpace.slug}/chat/session`, { device_id: 'PARVIS_WEB; DROP' });
		expect(badDevice.status).toBe(422);
		expect(Object.keys(badDevice.body.error.fields)).toEqual(['device_id']);
	});

	it('logs in on the device the browser names, so each browser keeps one device', async () => {
		const path = `/api/v1/spaces/${world.privateSpace.slug}/chat/session`;
		const first = await api(people.member, 'POST', path, { device_id: 'PARVIS_ABCDE12345' });
		const again = await api(people.member, 'POST', path, { device_id: 'PARVIS_ABCDE12345' });
		expect([first.status, again.status]).toEqual([200, 200]);
		expect(again.body.device_id).toBe('PARVIS_ABCDE12345');
		expect(again.body.access_token).not.toBe(first.body.access_token);
		expect(first.body.room_alias).toBe(aliasOf(world.privateSpace.slug));
	});

	it('repairs drift after an outage: a reconciliation at start-up puts the rooms back in line', async () => {
		const roomId = await roomOf(world.privateSpace.slug);
		homeserver.forceMembership(roomId, matrixIdOf(people.member), 'leave');
		const outsider = people.citizens[2];
		await api(outsider, 'POST', `/api/v1/spaces/${world.space.slug}/chat/session`); // registers the account
		homeserver.forceMembership(roomId, matrixIdOf(outsider), 'join');
		expect(homeserver.joinedMembers(roomId)).toContain(matrixIdOf(outsider));
		await server.restart();
		await waitUntil('the room repaired', async () =>
			homeserver.membership(roomId, matrixIdOf(people.member)) === 'join' && homeserver.membership(roomId, matrixIdOf(outsider)) === 'leave' ? true : undefined
		);
		// The full reconciliation has scheduled its next run, about six hours later, once.
		await server.stop();
		const opened = await server.openDatabase();
		try {
			const pending = await opened.db
				.select()
				.from(outboxJobs)
				.where(and(eq(outboxJobs.kind, 'chat.reconcile_all'), eq(outboxJobs.status, 'pending')));
			expect(pending).toHaveLength(1);
			expect(pending[0].runAt.getTime() - Date.now()).toBeGreaterThan(5.9 * 60 * 60_000);
		} finally {
			await opened.close();
		}
		await server.restart();
	});
});

describe('blocked participants', () => {
	it('are banned from every room while blocked, and let back in when the block is lifted', async () => {
		const target = people.citizens[4];
		const privateRoom = await roomOf(world.privateSpace.slug);
		const publicRoom = await roomOf(world.space.slug);
		expect((await api(people.orgAdmin, 'POST', `/api/v1/spaces/${world.privateSpace.slug}/members`, { email: target.email })).status).toBe(204);
		expect((await api(target, 'POST', `/api/v1/spaces/${world.space.slug}/chat/session`)).status).toBe(200);
		await waitUntil('joined both rooms', async () =>
			homeserver.membership(privateRoom, matrixIdOf(target)) === 'join' && homeserver.membership(publicRoom, matrixIdOf(target)) === 'join' ? true : undefined
		);
		expect((await api(people.platformAdmin, 'PUT', `/api/v1/users/${target.id}/block`)).status).toBe(200);
		await waitUntil('banned from both rooms', async () =>
			homeserver.membership(privateRoom, matrixIdOf(target)) === 'ban' && homeserver.membership(publicRoom, matrixIdOf(target)) === 'ban' ? true : undefined
		);
		expect(homeserver.membership(privateRoom, matrixIdOf(people.member))).toBe('join');

		expect((await api(people.platformAdmin, 'DELETE', `/api/v1/users/${target.id}/block`)).status).toBeLessThan(300);
		// Back in the private room (still a member of the space); free to join the public one again.
		await waitUntil('let back in', async () =>
			homeserver.membership(privateRoom, matrixIdOf(target)) === 'join' && homeserver.membership(publicRoom, matrixIdOf(target)) === 'leave' ? true : undefined
		);
	});
});

describe('at the same time', () => {
	it('gives everyone opening a new space’s chat at once the same single room and one account each', async () => {
		const slug = `ensemble-${Date.now().toString(36)}`;
		const before = homeserver.requests.length;
		const created = await api(people.orgAdmin, 'POST', '/api/v1/spaces', {
			organisation: organisationSlug,
			slug,
			kind: 'group',
			title: 'Conseil de quartier',
			visibility: 'public',
			phases: []
		});
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		const openers = [people.citizens[0], people.citizens[0], people.citizens[1], people.citizens[2], people.author, people.moderator];
		const sessions = await Promise.all(openers.map((person) => api(person, 'POST', `/api/v1/spaces/${slug}/chat/session`)));
		expect(sessions.map((s) => s.status)).toEqual(openers.map(() => 200));
		const roomIds = new Set(sessions.map((s) => s.body.room_id));
		expect(roomIds.size).toBe(1);
		expect(homeserver.roomIdByAlias(aliasOf(slug))).toBe([...roomIds][0]);
		const roomId = [...roomIds][0];
		const creations = homeserver.requests.slice(before).filter((r) => r.path.startsWith('/_matrix/client/v3/createRoom'));
		expect(creations.filter((r) => r.status === 200)).toHaveLength(1);
		expect(creations.every((r) => r.status === 200 || r.status === 400)).toBe(true); // 400 M_ROOM_IN_USE: the alias found the room
		expect(new Set(sessions.map((s) => s.body.user_id)).size).toBe(5);
		for (const person of new Set(openers)) expect(homeserver.membership(roomId, matrixIdOf(person))).toBe('join');
		// The reconciliation that the creation queued finds nothing left to do and makes no second room.
		await new Promise((resolve) => setTimeout(resolve, 800));
		expect(homeserver.requests.slice(before).filter((r) => r.path.startsWith('/_matrix/client/v3/createRoom') && r.status === 200)).toHaveLength(1);
	});
});

describe('talking in the room', () => {
	it('hands out a token for the signed-in user (no second login), and delivers a message to another member’s /sync', async () => {
		const added = await api(people.orgAdmin, 'POST', `/api/v1/spaces/${world.privateSpace.slug}/members`, { email: people.citizens[1].email });
		expect(added.status).toBe(204);
		const alice = await chatClientOf(people.member, world.privateSpace.slug);
		const bob = await chatClientOf(people.citizens[1], world.privateSpace.slug);
		expect(alice.userId).toBe(matrixIdOf(people.member));
		expect(alice.roomId).toBe(bob.roomId);
		const whoami = await alice.client.whoami();
		expect(whoami.user_id).toBe(alice.userId);

		const arrived = nextEvent(bob.client, bob.roomId, (e) => e.getType() === 'm.room.message' && e.getContent().body === 'Bonjour à tous !');
		const { event_id } = await alice.client.sendTextMessage(alice.roomId, 'Bonjour à tous !');
		const event = await arrived;
		expect(event.getId()).toBe(event_id);
		expect(event.getSender()).toBe(alice.userId);
		expect(bob.client.getRoom(bob.roomId)!.getUnreadNotificationCount()).toBeGreaterThanOrEqual(1);

		// A reply and a reaction, as the panel sends them.
		const reply = nextEvent(alice.client, alice.roomId, (e) => e.getType() === 'm.room.message' && e.getSender() === bob.userId);
		await bob.client.sendMessage(bob.roomId, { msgtype: 'm.text', body: 'Bonjour !', 'm.relates_to': { 'm.in_reply_to': { event_id } } } as never);
		expect((await reply).getContent()['m.relates_to']).toEqual({ 'm.in_reply_to': { event_id } });
		const reaction = nextEvent(alice.client, alice.roomId, (e) => e.getType() === 'm.reaction');
		await bob.client.sendEvent(bob.roomId, 'm.reaction' as never, { 'm.relates_to': { rel_type: 'm.annotation', event_id, key: '👍' } } as never);
		expect((await reaction).getContent()['m.relates_to']).toMatchObject({ key: '👍', event_id });

		// Typing reaches the other member.
		const typing = new Promise<boolean>((resolve) =>
			bob.client.on(RoomMemberEvent.Typing, (_event, member) => member.userId === alice.userId && member.typing && resolve(true))
		);
		await alice.client.sendTyping(alice.roomId, true, 5_000);
		expect(await typing).toBe(true);

		// Scroll-back: history from the homeserver's /messages.
		const room = bob.client.getRoom(bob.roomId)!;
		await bob.client.scrollback(room, 30);
		expect(room.getLiveTimeline().getEvents().some((e) => e.getId() === event_id)).toBe(true);
	});

	it('lets a member report a message to the moderators: the copy comes from the homeserver, not from the reporter', async () => {
		const roomId = await roomOf(world.privateSpace.slug);
		const message = homeserver.messages(roomId).find((e) => e.content.body === 'Bonjour à tous !')!;
		const reported = await api(people.citizens[1], 'POST', `/api/v1/spaces/${world.privateSpace.slug}/chat/reports`, { event_id: message.event_id, reason: 'off_topic', details: 'Hors sujet' });
		expect(reported.status, JSON.stringify(reported.body)).toBe(201);
		expect(reported.body).toMatchObject({ report_count: 1, hidden: false });
		const again = await api(people.citizens[1], 'POST', `/api/v1/spaces/${world.privateSpace.slug}/chat/reports`, { event_id: message.event_id, reason: 'spam' });
		expect(again.status).toBe(409);
		const unknown = await api(people.citizens[1], 'POST', `/api/v1/spaces/${world.privateSpace.slug}/chat/reports`, { event_id: '$inconnu', reason: 'spam' });
		expect(unknown.status).toBe(404);
		const bad = await api(people.citizens[1], 'POST', `/api/v1/spaces/${world.privateSpace.slug}/chat/reports`, { event_id: 'pas un id', reason: 'spam' });
		expect(bad.status).toBe(422);
		const queue = await api(people.orgAdmin, 'GET', `/api/v1/moderation?space=${world.privateSpace.slug}`);
		expect(queue.status).toBe(200);
		expect(JSON.stringify(queue.body)).toContain('Bonjour à tous !');

		// Hidden by a moderator: the bot redacts it in the room.
		const decided = await api(people.orgAdmin, 'POST', '/api/v1/moderation/decisions', { targetType: 'chat_message', targetId: reported.body.id, decision: 'hide' });
		expect(decided.status, JSON.stringify(decided.body)).toBe(200);
		expect(decided.body).toMatchObject({ target: { type: 'chat_message', id: reported.body.id }, hidden: true });
		await waitUntil('the message redacted', async () => {
			const event = homeserver.messages(roomId).find((e) => e.event_id === message.event_id);
			return event && Object.keys(event.content).length === 0 && event.unsigned?.redacted_because ? true : undefined;
		});
		const page = await clientOf(server, people.orgAdmin).get('/moderation?state=hidden');
		expect(page.body).toContain('Message de discussion');
	});
});

describe('announcements', () => {
	it('posts new proposals and phase changes in the space’s room, once each', async () => {
		const roomId = await roomOf(world.space.slug);
		const created = await api(people.author, 'POST', `/api/v1/spaces/${world.space.slug}/proposals`, { title: 'Des composteurs partagés', body: 'Un composteur par quartier, géré par les habitants.', publish: true });
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		const notice = await waitUntil('the announcement', async () => homeserver.messages(roomId).find((e) => String(e.content.body).includes('Des composteurs partagés')));
		expect(notice.sender).toBe(homeserver.botUserId);
		expect(notice.content).toMatchObject({ msgtype: 'm.notice', format: 'org.matrix.custom.html' });
		expect(String(notice.content.body)).toMatch(/^Nouvelle proposition : Des composteurs partagés — https:\/\/parvis\.example\.fr\/spaces\//);
		expect(String(notice.content.formatted_body)).toContain('<a href="https://parvis.example.fr/spaces/');
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(homeserver.messages(roomId).filter((e) => String(e.content.body).includes('Des composteurs partagés'))).toHaveLength(1);

		const everything = { proposals: true, supports: true, comments: true, amendments: true, votes: false };
		const phase = await api(people.orgAdmin, 'POST', `/api/v1/spaces/${world.space.slug}/phases`, { title: 'Analyse des idées', capabilities: everything });
		expect(phase.status, JSON.stringify(phase.body)).toBe(201);
		expect((await api(people.orgAdmin, 'POST', `/api/v1/spaces/${world.space.slug}/phases/${phase.body.id}/activate`)).status).toBe(200);
		const started = await waitUntil('the phase announcement', async () => homeserver.messages(roomId).find((e) => String(e.content.body).includes('Analyse des idées')));
		expect(String(started.content.body)).toMatch(/^Nouvelle phase : Espace budget — Analyse des idées — https:\/\/parvis\.example\.fr\/spaces\//);
	});
});

describe('a homeserver that is down or busy', () => {
	it('is retried until it answers, and nothing is lost or sent twice', async () => {
		const publicRoom = await roomOf(world.space.slug);
		const privateRoom = await roomOf(world.privateSpace.slug);
		await homeserver.stop();
		const down = await api(people.member, 'POST', `/api/v1/spaces/${world.privateSpace.slug}/chat/session`);
		expect(down.status).toBe(503);
		expect(down.body.error.code).toBe('service_unavailable');
		const added = await api(people.orgAdmin, 'POST', `/api/v1/spaces/${world.privateSpace.slug}/members`, { email: people.citizens[3].email });
		expect(added.status).toBe(204);
		const created = await api(people.author, 'POST', `/api/v1/spaces/${world.space.slug}/proposals`, { title: 'Une ludothèque', body: 'Des jeux à emprunter à la médiathèque.', publish: true });
		expect(created.status).toBe(201);
		await new Promise((resolve) => setTimeout(resolve, 2_500)); // a few failed attempts
		await homeserver.start();
		await waitUntil('the announcement after the outage', async () => homeserver.messages(publicRoom).find((e) => String(e.content.body).includes('Une ludothèque')), 20_000);
		await waitUntil('the member added during the outage', async () => (homeserver.membership(privateRoom, matrixIdOf(people.citizens[3])) === 'join' ? true : undefined), 20_000);
		expect(homeserver.messages(publicRoom).filter((e) => String(e.content.body).includes('Une ludothèque'))).toHaveLength(1);
	});

	it('waits as long as a 429 asks (retry_after_ms) before trying again', async () => {
		const roomId = await roomOf(world.space.slug);
		const before = homeserver.requests.length;
		homeserver.rateLimitNext(2, 1_500);
		const created = await api(people.author, 'POST', `/api/v1/spaces/${world.space.slug}/proposals`, { title: 'Un marché de nuit', body: 'Un marché le vendredi soir en été.', publish: true });
		expect(created.status).toBe(201);
		await waitUntil('the announcement after 429s', async () => homeserver.messages(roomId).find((e) => String(e.content.body).includes('Un marché de nuit')), 20_000);
		const calls = homeserver.requests.slice(before).filter((r) => r.path.includes('/send/m.room.message/') || r.status === 429);
		const limited = calls.filter((r) => r.status === 429);
		expect(limited).toHaveLength(2);
		expect(calls.at(-1)!.status).toBe(200);
	});
});

describe('the page', () => {
	it('shows the panel to people who may join, and lets the browser reach the homeserver (CSP)', async () => {
		const page = await clientOf(server, people.citizens[1]).get(`/spaces/${world.space.slug}`);
		expect(page.status).toBe(200);
		expect(page.body).toContain('id="chat-heading"');
		expect(page.headers.get('content-security-policy')).toMatch(new RegExp(`connect-src [^;]*${homeserver.url.replace(/[.]/g, '\\.')}`));
		const anonymous = await clientOf(server).get(`/spaces/${world.space.slug}`);
		expect(anonymous.body).not.toContain('id="chat-heading"');
		expect(anonymous.body).toContain('Connectez-vous pour rejoindre la discussion');
	});
});

describe('without a homeserver', () => {
	it('has no chat: no panel, no invitation to join, and the API says so', async () => {
		let offline: TestServer | undefined;
		let person: P | undefined;
		let admin: P | undefined;
		let slug = '';
		try {
			offline = await startServer({
				prepare: async (db) => {
					const community = await seedCommunity(db, { citizens: 1 });
					[person, admin] = await openSessions(db, [community.people.citizens[0], community.people.orgAdmin]);
					slug = community.space.slug;
				}
			});
			const page = await clientOf(offline, person).get(`/spaces/${slug}`);
			expect(page.status).toBe(200);
			expect(page.body).not.toContain('chat-heading');
			expect(page.body).not.toContain('rejoindre la discussion');
			expect(page.headers.get('content-security-policy')).not.toContain(homeserver.url);
			const settings = await clientOf(offline, admin).get(`/spaces/${slug}/settings`);
			expect(settings.status).toBe(200);
			expect(settings.body).toContain('La discussion (Matrix) n’est pas activée sur ce portail');
			expect(settings.body).toContain('docs/matrix.md');
			const session = await apiAs(offline, person, 'POST', `/api/v1/spaces/${slug}/chat/session`);
			expect(session.status).toBe(404);
			expect(session.body.error).toEqual({ code: 'not_found', message: 'La discussion n’est pas activée sur ce portail.' });
		} finally {
			await offline?.dispose();
		}
	});
});

describe('the application service endpoints', () => {
	it('acknowledges the homeserver’s transactions with the hs_token only', async () => {
		const push = (token?: string) =>
			fetch(`${server.url}/_matrix/app/v1/transactions/1`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
				body: JSON.stringify({ events: [] })
			});
		const ok = await push(homeserver.hsToken);
		expect(ok.status).toBe(200);
		expect(await ok.json()).toEqual({});
		expect((await push('mauvais')).status).toBe(403);
		expect((await push()).status).toBe(401);
	});
});
