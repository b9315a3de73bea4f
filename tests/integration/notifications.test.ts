import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#lib/server/seed/demo.js';
import { HttpClient } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { startSmtpServer, type SmtpMailbox } from '../support/smtp.js';

const SPACE = 'budget-participatif-2027';
let smtp: SmtpMailbox;
let server: TestServer;

beforeAll(async () => {
	smtp = await startSmtpServer();
	server = await startServer({ flavour: 'demo', env: { SMTP_URL: smtp.url, SITE_URL: 'https://participer.example.fr' } });
});
afterAll(async () => {
	await server?.dispose();
	await smtp?.close();
});

async function signedIn(email: string) {
	const client = new HttpClient(server);
	await client.logIn(email, DEMO_PASSWORD);
	return client;
}

async function setEmailPreference(client: HttpClient, displayName: string, preference: 'immediate' | 'daily' | 'never') {
	const page = await client.submit('/profile?/profile', { displayName, locale: 'fr', emailNotifications: preference });
	expect(page.status).toBe(200);
}

describe('notifications', () => {
	it('notifies followers of a new phase in the app, and by e-mail to those who chose "immediately"', async () => {
		const citizen = await signedIn('citoyen@parvis.example');
		const delegate = await signedIn('delegue@parvis.example');
		await setEmailPreference(citizen, 'Yann Kerlo', 'immediate');
		await setEmailPreference(delegate, 'Nolwenn Guégan', 'never');
		for (const follower of [citizen, delegate])
			expect((await follower.api('POST', `/api/v1/spaces/${SPACE}/follow`, { headers: { origin: server.url } })).status).toBe(204);

		const orgAdmin = await signedIn('orgadmin@parvis.example');
		const phases = await orgAdmin.api('GET', `/api/v1/spaces/${SPACE}/phases`);
		const next = phases.body.items.find((phase: { is_active: boolean }) => !phase.is_active);
		const activated = await orgAdmin.api('POST', `/api/v1/spaces/${SPACE}/phases/${next.id}/activate`, { headers: { origin: server.url } });
		expect(activated.status).toBe(200);

		const mail = await smtp.waitFor((m) => m.to.includes('citoyen@parvis.example') && m.subject.includes(next.title));
		expect(mail.subject).toBe(`Parvis : ${next.title}`);
		expect(mail.text).toContain('Bonjour Yann Kerlo,');
		expect(mail.text).toContain('Nouvelle phase');
		expect(mail.links.some((link) => link.startsWith(`https://participer.example.fr/spaces/${SPACE}`))).toBe(true);

		for (const follower of [citizen, delegate]) {
			const list = await follower.api('GET', '/api/v1/notifications');
			expect(list.body.items[0]).toMatchObject({ kind: 'space.phase_started', read: false, payload: { title: next.title } });
		}
		// The one who chose "never" gets no e-mail; the page shows the unread notification.
		expect(smtp.messages.filter((m) => m.to.includes('delegue@parvis.example'))).toEqual([]);
		const page = await delegate.get('/notifications');
		expect(page.body).toContain('Notifications (1 non lues)');
		expect(page.body).toContain(next.title);
		expect((await delegate.api('POST', '/api/v1/notifications/read', { body: {}, headers: { origin: server.url } })).status).toBe(204);
		const after = await delegate.api('GET', '/api/v1/notifications');
		expect(after.body.items.every((n: { read: boolean }) => n.read)).toBe(true);
	});
});
