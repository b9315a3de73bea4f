/**
 * Meetings on both engines: places stay exact under concurrent sign-ups, a cancellation promotes
 * the next person waiting (who gets the confirmation with the .ics in the development mailbox),
 * every feed parses with an independent iCalendar parser (ical.js) with stable UIDs, a growing
 * SEQUENCE and correct times across a daylight-saving change, and the personal feed URL can be
 * rotated and revoked.
 */
import ICAL from 'ical.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, organisations } from '#lib/server/db/schema.js';
import { seedCommunity, type Community, type Person } from '../support/community.js';
import { apiAs, clientOf, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';
import { waitUntil } from '../support/wait.js';

type P = Person & SignedIn;
let server: TestServer;
let world: Community;
let organisationSlug: string;
let admin: P;
let agent: P;
let member: P;
let citizens: P[];

beforeAll(async () => {
	server = await startServer({
		prepare: async (db) => {
			world = await seedCommunity(db, { citizens: 55 });
			[{ slug: organisationSlug }] = await db.select({ slug: organisations.slug }).from(organisations).where(eq(organisations.id, world.organisationId));
			await db.insert(memberships).values({ organisationId: world.organisationId, userId: world.people.moderator.id, role: 'agent' });
			[admin, agent, member, ...citizens] = await openSessions(db, [world.people.orgAdmin, world.people.moderator, world.people.member, ...world.people.citizens]);
		}
	});
}, 120_000);
afterAll(async () => {
	await server?.dispose();
});

const api = <T = any>(person: P | undefined, method: string, path: string, body?: unknown) => apiAs<T>(server, person, method, path, body);
/** Whole minutes, as people schedule meetings (iCalendar times have no milliseconds). */
const inDays = (days: number, hours = 0) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + days * 86_400_000 + hours * 3_600_000).toISOString();

async function meeting(fields: Record<string, unknown> = {}) {
	const created = await api(admin, 'POST', `/api/v1/spaces/${world.space.slug}/meetings`, {
		title: 'Conseil municipal',
		description: 'Séance publique du conseil.',
		mode: 'in_person',
		address: 'Hôtel de ville, place de la République, Auray',
		longitude: -2.981,
		latitude: 47.668,
		starts_at: inDays(10),
		ends_at: inDays(10, 2),
		agenda: [{ title: 'Budget 2027' }, { title: 'Questions diverses' }],
		links: [{ type: 'proposal', id: world.proposal.id, title: 'Une proposition' }],
		...fields
	});
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	return created.body as { id: string; sequence: number; calendar_url: string };
}

async function fetchIcs(path: string, person?: P) {
	const response = await clientOf(server, person).request(path);
	expect(response.status, path).toBe(200);
	expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
	return response.text();
}

/** Parses with ical.js, registering the feed's own VTIMEZONEs, so times resolve from the file alone. */
function parseIcs(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text));
	for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
	return {
		calendar,
		events: calendar.getAllSubcomponents('vevent').map((vevent) => {
			const event = new ICAL.Event(vevent);
			return {
				uid: event.uid,
				sequence: event.sequence,
				start: event.startDate.toJSDate(),
				end: event.endDate.toJSDate(),
				tzid: vevent.getFirstProperty('dtstart')!.getParameter('tzid'),
				stamp: (vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate(),
				stampIsUtc: (vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).zone === ICAL.Timezone.utcTimezone,
				status: vevent.getFirstPropertyValue('status'),
				summary: event.summary
			};
		})
	};
}

describe('meetings', () => {
	it('refuses bad input and people who may not organise', async () => {
		const online = await api(admin, 'POST', `/api/v1/spaces/${world.space.slug}/meetings`, {
			title: 'Atelier en ligne', mode: 'online', starts_at: inDays(3), ends_at: inDays(2)
		});
		expect(online.status).toBe(422);
		expect(Object.keys(online.body.error.fields).sort()).toEqual(['ends_at', 'online_url']);
		const byCitizen = await api(citizens[0], 'POST', `/api/v1/spaces/${world.space.slug}/meetings`, {
			title: 'Réunion', mode: 'online', online_url: 'https://meet.jit.si/parvis', starts_at: inDays(3), ends_at: inDays(3, 1)
		});
		expect(byCitizen.status).toBe(403);
		const anonymous = await api(undefined, 'POST', `/api/v1/meetings/${world.proposal.id}/registration`);
		expect(anonymous.status).toBe(404);
		const byAgent = await api(agent, 'POST', `/api/v1/spaces/${world.space.slug}/meetings`, {
			title: 'Atelier hybride', mode: 'hybrid', address: 'Médiathèque', online_url: 'https://meet.jit.si/parvis', starts_at: inDays(3), ends_at: inDays(3, 1)
		});
		expect(byAgent.status, JSON.stringify(byAgent.body)).toBe(201);
		expect(byAgent.body).toMatchObject({ mode: 'hybrid', timezone: 'Europe/Paris', status: 'published', places: null, sequence: 0 });
	});

	it('gives exactly 20 places and a waiting list of 30 to 50 concurrent sign-ups; a cancellation promotes the next', async () => {
		const { id } = await meeting({ places: 20, title: 'Réunion du club' });
		const people = citizens.slice(0, 50);
		const results = await Promise.all(people.map((person) => api(person, 'POST', `/api/v1/meetings/${id}/registration`)));
		expect(results.map((r) => r.status)).toEqual(people.map(() => 201));
		const statuses = results.map((r) => r.body.status);
		expect(statuses.filter((s) => s === 'registered')).toHaveLength(20);
		expect(statuses.filter((s) => s === 'waiting')).toHaveLength(30);
		expect(results.filter((r) => r.body.status === 'waiting').map((r) => r.body.waiting_position).sort((a, b) => a - b)).toEqual(
			Array.from({ length: 30 }, (_, i) => i + 1)
		);
		expect(new Set(results.map((r) => r.body.code)).size).toBe(50);
		// Signing up twice changes nothing.
		const again = await api(people[0], 'POST', `/api/v1/meetings/${id}/registration`);
		expect(again.status).toBe(200);
		expect(again.body.id).toBe(results[0].body.id);
		expect((await api(undefined, 'GET', `/api/v1/meetings/${id}`)).body.registered).toBe(20);

		const list = await api(admin, 'GET', `/api/v1/meetings/${id}/registrations`);
		expect(list.status).toBe(200);
		expect(list.body.items.filter((r: any) => r.status === 'registered')).toHaveLength(20);
		const firstWaiting = list.body.items.find((r: any) => r.status === 'waiting');
		expect((await api(citizens[0], 'GET', `/api/v1/meetings/${id}/registrations`)).status).toBe(403);

		const leaving = people[results.findIndex((r) => r.body.status === 'registered')];
		expect((await api(leaving, 'DELETE', `/api/v1/meetings/${id}/registration`)).status).toBe(204);
		expect((await api(leaving, 'DELETE', `/api/v1/meetings/${id}/registration`)).status).toBe(404);
		const promotedIndex = results.findIndex((r) => r.body.id === firstWaiting.id);
		const promoted = people[promotedIndex];
		const mine = await api(promoted, 'GET', `/api/v1/meetings/${id}/registration`);
		expect(mine.body).toMatchObject({ status: 'registered', waiting_position: null, code: firstWaiting.code });
		expect((await api(undefined, 'GET', `/api/v1/meetings/${id}`)).body.registered).toBe(20);
		const after = await api(admin, 'GET', `/api/v1/meetings/${id}/registrations`);
		expect(after.body.items.filter((r: any) => r.status === 'registered')).toHaveLength(20);
		expect(after.body.items.filter((r: any) => r.status === 'waiting')).toHaveLength(29);
		const notifications = await api(promoted, 'GET', '/api/v1/notifications');
		expect(notifications.body.items.map((n: any) => n.kind)).toContain('meeting_promoted');

		// The promoted person's confirmation, with the event attached, in the development mailbox.
		const mailbox = clientOf(server);
		const link = await waitUntil('the promotion mail', async () => {
			const html = await (await mailbox.request('/dev/mailbox')).text();
			const start = html.indexOf(promoted.email);
			if (start < 0) return undefined;
			const article = html.slice(html.lastIndexOf('<article', start), html.indexOf('</article>', start));
			if (!article.includes('Inscription confirmée')) return undefined;
			return /href="(\/dev\/mailbox\/[^"]+\/attachments\/0)"/.exec(article)?.[1];
		});
		const attachment = await mailbox.request(link);
		expect(attachment.headers.get('content-type')).toMatch(/^text\/calendar/);
		const { events } = parseIcs(await attachment.text());
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ uid: `meeting-${id}@parvis`, status: 'CONFIRMED', summary: 'Réunion du club', tzid: 'Europe/Paris' });
	});

	it('serves feeds that parse, keep their UIDs and grow SEQUENCE on each significant change; cancelled events stay', async () => {
		const first = await meeting({ title: 'Commission urbanisme' });
		const second = await meeting({ title: 'Atelier mobilités', starts_at: inDays(20), ends_at: inDays(20, 3) });
		expect((await api(citizens[51], 'POST', `/api/v1/meetings/${first.id}/registration`)).status).toBe(201);
		const feeds = [`/api/v1/organisations/${organisationSlug}/calendar.ics`, `/api/v1/spaces/${world.space.slug}/calendar.ics`, `/api/v1/meetings/${first.id}/calendar.ics`];
		const before = await Promise.all(feeds.map(async (path) => parseIcs(await fetchIcs(path))));
		const twice = await Promise.all(feeds.map(async (path) => parseIcs(await fetchIcs(path))));
		for (const [index, feed] of before.entries()) {
			expect(feed.calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/Paris']);
			expect(twice[index].events).toEqual(feed.events);
			for (const event of feed.events) {
				expect(event.tzid).toBe('Europe/Paris');
				expect(event.stampIsUtc).toBe(true);
			}
		}
		const uid = `meeting-${first.id}@parvis`;
		const inOrg = before[0].events.find((e) => e.uid === uid)!;
		expect(before[0].events.map((e) => e.uid)).toContain(`meeting-${second.id}@parvis`);
		expect(inOrg.sequence).toBe(0);

		// A new title only: not significant. A new time: SEQUENCE + 1, new DTSTAMP, registrants told.
		const retitled = await api(admin, 'PATCH', `/api/v1/meetings/${first.id}`, { title: 'Commission urbanisme et travaux' });
		expect(retitled.body.sequence).toBe(0);
		// DTSTAMP has a resolution of one second: let one pass so that the new stamp must differ.
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const moved = await api(admin, 'PATCH', `/api/v1/meetings/${first.id}`, { starts_at: inDays(11), ends_at: inDays(11, 2) });
		expect(moved.status, JSON.stringify(moved.body)).toBe(200);
		expect(moved.body.sequence).toBe(1);
		const afterMove = parseIcs(await fetchIcs(`/api/v1/organisations/${organisationSlug}/calendar.ics`)).events.find((e) => e.uid === uid)!;
		expect(afterMove.sequence).toBe(1);
		expect(afterMove.stamp.getTime()).toBeGreaterThan(inOrg.stamp.getTime());
		expect(afterMove.start.toISOString()).toBe(moved.body.starts_at);
		const told = await api(citizens[51], 'GET', '/api/v1/notifications');
		expect(told.body.items.map((n: any) => n.kind)).toContain('meeting_moved');

		const cancelled = await api(admin, 'POST', `/api/v1/meetings/${first.id}/cancel`, { reason: 'Salle indisponible' });
		expect(cancelled.body).toMatchObject({ status: 'cancelled', sequence: 2, registrations_open: false });
		for (const path of feeds) {
			const event = parseIcs(await fetchIcs(path)).events.find((e) => e.uid === uid)!;
			expect(event).toMatchObject({ status: 'CANCELLED', sequence: 2 });
		}
		expect((await api(citizens[52], 'POST', `/api/v1/meetings/${first.id}/registration`)).status).toBe(409);
		expect((await api(admin, 'PATCH', `/api/v1/meetings/${first.id}`, { title: 'Encore' })).status).toBe(409);
		const cancelledNotice = await api(citizens[51], 'GET', '/api/v1/notifications');
		expect(cancelledNotice.body.items.map((n: any) => n.kind)).toContain('meeting_cancelled');
	});

	it('keeps times right across the spring daylight-saving change', async () => {
		// 28 March 2027, Paris: 01:30 CET (00:30 UTC) to 04:30 CEST (02:30 UTC), across 02:00 → 03:00.
		const { id } = await meeting({ title: 'Nuit du changement d’heure', starts_at: '2027-03-28T00:30:00Z', ends_at: '2027-03-28T02:30:00Z' });
		const text = await fetchIcs(`/api/v1/meetings/${id}/calendar.ics`);
		expect(text).toContain('DTSTART;TZID=Europe/Paris:20270328T013000');
		expect(text).toContain('DTEND;TZID=Europe/Paris:20270328T043000');
		const [event] = parseIcs(text).events;
		expect(event.start.toISOString()).toBe('2027-03-28T00:30:00.000Z');
		expect(event.end.toISOString()).toBe('2027-03-28T02:30:00.000Z');
	});

	it('serves a personal feed at a secret URL that can be replaced and revoked', async () => {
		const person = citizens[53];
		const { id } = await meeting({ title: 'Atelier numérique' });
		expect((await api(person, 'POST', `/api/v1/meetings/${id}/registration`)).status).toBe(201);
		expect((await api(undefined, 'POST', '/api/v1/me/calendar-feed')).status).toBe(401);
		const created = await api(person, 'POST', '/api/v1/me/calendar-feed');
		expect(created.status).toBe(201);
		const path = new URL(created.body.url).pathname;
		const feed = parseIcs(await fetchIcs(path));
		expect(feed.events.map((e) => e.uid)).toEqual([`meeting-${id}@parvis`]);
		const rotated = await api(person, 'POST', '/api/v1/me/calendar-feed');
		const newPath = new URL(rotated.body.url).pathname;
		expect(newPath).not.toBe(path);
		expect((await clientOf(server).request(path)).status).toBe(404);
		expect(parseIcs(await fetchIcs(newPath)).events).toHaveLength(1);
		// After unregistering the meeting leaves the personal feed.
		expect((await api(person, 'DELETE', `/api/v1/meetings/${id}/registration`)).status).toBe(204);
		expect(parseIcs(await fetchIcs(newPath)).events).toHaveLength(0);
		expect((await api(person, 'DELETE', '/api/v1/me/calendar-feed')).status).toBe(204);
		expect((await clientOf(server).request(newPath)).status).toBe(404);
		expect((await clientOf(server).request('/api/v1/calendar/not-a-secret.ics')).status).toBe(404);
	});

	it('keeps a private space’s meetings out of public feeds; its members get them in their personal feed until they leave', async () => {
		const { id } = await meeting({ title: 'Séance publique' });
		const created = await api(admin, 'POST', `/api/v1/spaces/${world.privateSpace.slug}/meetings`, {
			title: 'Réunion interne', mode: 'online', online_url: 'https://meet.jit.si/interne', starts_at: inDays(12), ends_at: inDays(12, 1)
		});
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		const uid = `meeting-${created.body.id}@parvis`;
		const spaceFeed = `/api/v1/spaces/${world.privateSpace.slug}/calendar.ics`;
		const outsider = citizens[54];
		// Anonymous callers and people outside the space: not found, and absent from the organisation's feed.
		for (const person of [undefined, outsider]) {
			expect((await clientOf(server, person).request(spaceFeed)).status).toBe(404);
			expect((await clientOf(server, person).request(`/api/v1/meetings/${created.body.id}/calendar.ics`)).status).toBe(404);
		}
		const organisationFeed = parseIcs(await fetchIcs(`/api/v1/organisations/${organisationSlug}/calendar.ics`));
		expect(organisationFeed.events.map((e) => e.uid)).toContain(`meeting-${id}@parvis`);
		expect(organisationFeed.events.map((e) => e.uid)).not.toContain(uid);
		const outsiderFeed = new URL((await api(outsider, 'POST', '/api/v1/me/calendar-feed')).body.url).pathname;
		expect(parseIcs(await fetchIcs(outsiderFeed)).events.map((e) => e.uid)).not.toContain(uid);

		// A member reads the space feed with a session, and gets the meeting at the personal feed's secret URL
		// (calendar apps send no cookie) without registering; public meetings stay out unless registered.
		expect(parseIcs(await fetchIcs(spaceFeed, member)).events.map((e) => e.uid)).toEqual([uid]);
		const personal = new URL((await api(member, 'POST', '/api/v1/me/calendar-feed')).body.url).pathname;
		const feed = parseIcs(await fetchIcs(personal));
		expect(feed.events.map((e) => e.uid)).toEqual([uid]);
		expect(feed.events[0]).toMatchObject({ summary: 'Réunion interne', tzid: 'Europe/Paris', status: 'CONFIRMED' });

		// Removed from the space: the meeting leaves the personal feed, even once registered.
		expect((await api(member, 'POST', `/api/v1/meetings/${created.body.id}/registration`)).status).toBe(201);
		const removed = await clientOf(server, admin).submit(`/spaces/${world.privateSpace.slug}/settings?/removeMember`, { userId: member.id });
		expect(removed.status).toBe(200);
		expect(parseIcs(await fetchIcs(personal)).events.map((e) => e.uid)).toEqual([]);
		expect((await clientOf(server, member).request(spaceFeed)).status).toBe(404);
	});

	it('lists an organisation’s meetings in start order, page by page; private ones only to those who may read them', async () => {
		const open = await meeting({ title: 'Conseil de quartier', starts_at: inDays(30), ends_at: inDays(30, 2) });
		const closed = await api(admin, 'POST', `/api/v1/spaces/${world.privateSpace.slug}/meetings`, {
			title: 'Bureau (privé)', mode: 'online', online_url: 'https://meet.jit.si/bureau', starts_at: inDays(31), ends_at: inDays(31, 1)
		});
		expect(closed.status).toBe(201);
		const path = `/api/v1/organisations/${organisationSlug}/meetings`;
		const pages = async (person: P | undefined) => {
			const ids: string[] = [];
			const starts: string[] = [];
			let cursor: string | null = null;
			do {
				const page: { body: { items: { id: string; starts_at: string; organisation: string }[]; next_cursor: string | null }; status: number } = await api(person, 'GET', `${path}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
				expect(page.status).toBe(200);
				expect(page.body.items.length).toBeLessThanOrEqual(2);
				for (const item of page.body.items) {
					ids.push(item.id);
					starts.push(item.starts_at);
					expect(item.organisation).toBe(organisationSlug);
				}
				cursor = page.body.next_cursor;
			} while (cursor);
			expect(new Set(ids).size).toBe(ids.length);
			expect([...starts].sort()).toEqual(starts);
			const all = await api(person, 'GET', `${path}?limit=100`);
			expect(all.body.items.map((m: { id: string }) => m.id)).toEqual(ids);
			return ids;
		};
		const seenByAnyone = await pages(undefined);
		expect(seenByAnyone).toContain(open.id);
		expect(seenByAnyone).not.toContain(closed.body.id);
		expect(await pages(citizens[0])).toEqual(seenByAnyone);
		const seenByAdmin = await pages(admin);
		expect(seenByAdmin).toContain(closed.body.id);
		expect(seenByAdmin.filter((id) => seenByAnyone.includes(id))).toEqual(seenByAnyone);
		const upcoming = (await api(undefined, 'GET', `${path}?from=${encodeURIComponent(inDays(29))}`)).body.items as { id: string; ends_at: string }[];
		expect(upcoming.map((m) => m.id)).toContain(open.id);
		expect(upcoming.every((m) => m.ends_at > inDays(29))).toBe(true);
		expect(upcoming.length).toBeLessThan(seenByAnyone.length);
		expect((await api(undefined, 'GET', '/api/v1/organisations/inconnue/meetings')).status).toBe(404);
		const refused = await api(undefined, 'GET', `${path}?limit=1000`);
		expect(refused.status).toBe(422);
		expect(Object.keys(refused.body.error.fields)).toEqual(['limit']);
	});

	it('closes a held meeting with minutes and refuses registrations afterwards', async () => {
		const { id } = await meeting({ title: 'Assemblée du club', starts_at: inDays(-1), ends_at: inDays(1) });
		expect((await api(citizens[54], 'POST', `/api/v1/meetings/${id}/close`, { minutes: 'x', attendees: 3 })).status).toBe(403);
		expect((await api(admin, 'POST', `/api/v1/meetings/${id}/close`, { minutes: '## Relevé\n\nAdopté.', attendees: -1 })).status).toBe(422);
		const closed = await api(admin, 'POST', `/api/v1/meetings/${id}/close`, { minutes: '## Relevé\n\nAdopté.', attendees: 42, outcomes: 'Budget adopté' });
		expect(closed.status, JSON.stringify(closed.body)).toBe(200);
		expect(closed.body).toMatchObject({ status: 'closed', attendees: 42, outcomes: 'Budget adopté', registrations_open: false });
		const refused = await api(citizens[54], 'POST', `/api/v1/meetings/${id}/registration`);
		expect(refused.status).toBe(409);
		expect(refused.body.error.message).toBe('Cette réunion est terminée.');
		const future = await meeting({ title: 'Pas encore' });
		expect((await api(admin, 'POST', `/api/v1/meetings/${future.id}/close`, { attendees: 1 })).status).toBe(409);
	});
});

describe('meeting pages', () => {
	it('shows a meeting to everyone, lets an organiser cancel it from the page and refuses others', async () => {
		const { id } = await meeting({ title: 'Réunion à annuler', places: 5 });
		const path = `/spaces/${world.space.slug}/meetings/${id}`;
		const visitor = await clientOf(server).get(path);
		expect(visitor.status).toBe(200);
		expect(visitor.body).toContain('Réunion à annuler');
		expect(visitor.body).toContain('5 places restantes sur 5');
		expect(visitor.body).toContain(`/api/v1/meetings/${id}/calendar.ics`);
		expect(visitor.body).not.toContain('Annuler la réunion');
		expect((await clientOf(server).get(`/spaces/${world.space.slug}/meetings/${world.proposal.id}`)).status).toBe(404);

		const person = clientOf(server, citizens[54]);
		expect((await person.submit(`${path}?/register`, {})).status).toBe(200);
		const registeredPage = await person.get(path);
		expect(registeredPage.body).toMatch(/Code à présenter à l’entrée : [A-Z2-9]{4}-[A-Z2-9]{4}/);
		expect((await person.submit(`${path}?/cancel`, { reason: 'Non' })).status).toBe(403);

		const organiser = clientOf(server, admin);
		const page = await organiser.get(path);
		expect(page.body).toContain('Annuler la réunion');
		expect(page.body).toContain(citizens[54].name);
		expect((await organiser.submit(`${path}?/cancel`, { reason: 'Intempéries' })).status).toBe(200);
		expect((await api(undefined, 'GET', `/api/v1/meetings/${id}`)).body.status).toBe('cancelled');
		const told = await api(citizens[54], 'GET', '/api/v1/notifications');
		expect(told.body.items.map((n: any) => n.kind)).toContain('meeting_cancelled');
		expect((await person.get(path)).body).toContain('Annulée');
	});
});
