import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#lib/server/seed/demo.js';
import { HttpClient } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
	server = await startServer({ flavour: 'demo' });
});
afterAll(async () => {
	await server?.dispose();
});

it('counts failed logins per address: successes do not use the allowance, 30 failures stop the address', async () => {
	const client = new HttpClient(server);
	// Many people behind one address (a town hall) log in successfully: never limited.
	for (let i = 0; i < 35; i++) expect((await client.submit('/login', { email: 'citoyen@parvis.example', password: DEMO_PASSWORD })).status).toBe(303);

	// Guessing across many accounts (4 tries each, under the per-account limit) is stopped at 30.
	const statuses: number[] = [];
	for (let i = 0; i < 31; i++)
		statuses.push((await new HttpClient(server).submit('/login', { email: `inconnu${Math.floor(i / 4)}@parvis.example`, password: 'pas-le-bon-mot-de-passe' })).status);
	expect(statuses.slice(0, 30).every((status) => status === 400)).toBe(true);
	expect(statuses[30]).toBe(429);
	const refused = await new HttpClient(server).submit('/login', { email: 'elu@parvis.example', password: DEMO_PASSWORD });
	expect(refused.status).toBe(429);
	expect(refused.alert).toMatch(/Trop de tentatives de connexion\. Réessayez dans \d+ minute\(s\)\./);
});
