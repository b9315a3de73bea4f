/**
 * Meeting e-mails through a real SMTP peer: the confirmation carries the event both as an
 * attachment and as the message's calendar part; moving the meeting sends the updated event with
 * the same UID and a higher SEQUENCE.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCommunity, type Community, type Person } from '../support/community.js';
import { apiAs, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';
import { startSmtpServer, type SmtpMailbox } from '../support/smtp.js';

type P = Person & SignedIn;
let smtp: SmtpMailbox;
let server: TestServer;
let world: Community;
let admin: P;
let citizen: P;

beforeAll(async () => {
	smtp = await startSmtpServer();
	server = await startServer({
		env: { SMTP_URL: smtp.url, SITE_URL: 'https://participer.example.fr' },
		prepare: async (db) => {
			world = await seedCommunity(db, { citizens: 1 });
			[admin, citizen] = await openSessions(db, [world.people.orgAdmin, world.people.citizens[0]]);
		}
	});
}, 120_000);
afterAll(async () => {
	await server?.dispose();
	await smtp?.close();
});

const api = <T = any>(person: P, method: string, path: string, body?: unknown) => apiAs<T>(server, person, method, path, body);

function eventsOf(ics: string) {
	return new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
}

describe('meeting e-mails over SMTP', () => {
	it('sends the confirmation with the .ics, then the updated event when the meeting moves', async () => {
		const created = await api(admin, 'POST', `/api/v1/spaces/${world.space.slug}/meetings`, {
			title: 'Réunion publique de quartier',
			mode: 'in_person',
			address: 'Salle polyvalente, Auray',
			starts_at: '2027-06-10T17:00:00Z',
			ends_at: '2027-06-10T19:00:00Z',
			places: 10
		});
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		const registered = await api(citizen, 'POST', `/api/v1/meetings/${created.body.id}/registration`);
		expect(registered.status).toBe(201);

		const confirmation = await smtp.waitFor((m) => m.to.includes(citizen.email) && m.subject.startsWith('Inscription confirmée'));
		expect(confirmation.text).toContain(registered.body.code);
		expect(confirmation.text).toContain('jeudi 10 juin 2027 à 19:00');
		expect(confirmation.links).toContain(`https://participer.example.fr/spaces/${world.space.slug}/meetings/${created.body.id}`);
		const calendars = confirmation.parts.filter((part) => part.contentType.startsWith('text/calendar'));
		expect(calendars.map((part) => part.filename)).toContain('invitation.ics');
		for (const part of calendars) {
			const [event] = eventsOf(part.content);
			expect(event.uid).toBe(`meeting-${created.body.id}@parvis`);
			expect(event.sequence).toBe(0);
		}

		const moved = await api(admin, 'PATCH', `/api/v1/meetings/${created.body.id}`, { starts_at: '2027-06-11T17:00:00Z', ends_at: '2027-06-11T19:00:00Z' });
		expect(moved.status).toBe(200);
		const notice = await smtp.waitFor((m) => m.to.includes(citizen.email) && m.subject.startsWith('Réunion modifiée'));
		expect(notice.text).toContain('vendredi 11 juin 2027 à 19:00');
		const [event] = eventsOf(notice.parts.find((part) => part.filename === 'invitation.ics')!.content);
		expect(event.uid).toBe(`meeting-${created.body.id}@parvis`);
		expect(event.sequence).toBe(1);
	});
});
