import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { outboxJobs, users } from '#lib/server/db/schema.js';
import { HttpClient } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.dispose();
});

it('50 simultaneous sign-ups with one address make exactly one account; the others get a clear refusal, never a 500', async () => {
	const email = 'meme-adresse@exemple.fr';
	const password = 'Concurrent-passphrase-50';
	// Same address in different cases: the unique index is on lower(email).
	const attempts = Array.from({ length: 50 }, (_, i) => ({
		client: new HttpClient(server),
		displayName: `Candidate ${i}`,
		email: i % 3 === 0 ? email.toUpperCase() : email
	}));
	const pages = await Promise.all(
		attempts.map(({ client, displayName, email }) => client.submit('/signup', { displayName, email, password }))
	);

	const statuses = pages.map((page) => page.status);
	expect(statuses.filter((status) => status === 303)).toHaveLength(1);
	expect(statuses.filter((status) => status !== 303 && status !== 409)).toEqual([]);
	for (const page of pages.filter((page) => page.status === 409))
		expect(page.fieldErrors).toEqual({ email: 'Un compte existe déjà avec cette adresse e-mail.' });

	// The winner's session is the account's: same name as the one request that got its 303.
	const winner = attempts[statuses.indexOf(303)];
	const me = await winner.client.api('GET', '/api/v1/me');
	expect(me.body).toMatchObject({ email, display_name: winner.displayName });
	const login = new HttpClient(server);
	await login.logIn(email, password);
	expect((await login.api('GET', '/api/v1/me')).body.id).toBe(me.body.id);

	expect(await server.stop()).toBe(0);
	expect(server.output()).not.toMatch(/Error|\[parvis\] POST/);
	const database = await server.openDatabase();
	try {
		const accounts = await database.db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`);
		expect(accounts).toEqual([{ id: me.body.id }]);
		const mails = await database.db.select({ id: outboxJobs.id }).from(outboxJobs).where(sql`${outboxJobs.payload}->>'to' = ${email}`);
		expect(mails).toHaveLength(1);
	} finally {
		await database.close();
	}
});
