import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { emailTokens, outboxJobs, users } from '#lib/server/db/schema.js';
import { HttpClient } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

const PASSWORD = 'Survives-a-crash-2026';
/** Many, yet below the login form's 30 attempts per address, so every account can be checked by logging in. */
const SIGN_UPS = 16;

let server: TestServer | undefined;
afterEach(async () => {
	await server?.dispose();
	server = undefined;
});

interface Outcome {
	email: string;
	/** HTTP status, or the network error when the server died under the request. */
	result: number | 'connection lost';
}

/**
 * Fires all sign-ups at once and calls `interrupt` as soon as `after` of them have answered,
 * while the others are still in flight.
 */
async function signUpStorm(target: TestServer, prefix: string, after: number, interrupt: () => Promise<unknown>) {
	let answered = 0;
	let interrupted: Promise<unknown> | undefined;
	const outcomes = await Promise.all(
		Array.from({ length: SIGN_UPS }, async (_, i): Promise<Outcome> => {
			const email = `${prefix}-${i}@exemple.fr`;
			try {
				const page = await new HttpClient(target).submit('/signup', { displayName: `Personne ${i}`, email, password: PASSWORD });
				if (++answered === after) interrupted = interrupt();
				return { email, result: page.status };
			} catch {
				return { email, result: 'connection lost' };
			}
		})
	);
	await interrupted;
	return outcomes;
}

/**
 * Logs in with every address, each from a fresh client (a signed-in client is redirected away from
 * the login page whatever it sends): 303 means the account exists and is usable, 400 that it does not.
 */
async function loginResults(target: TestServer, outcomes: Outcome[]) {
	const results = new Map<string, number>();
	for (const { email } of outcomes) {
		const page = await new HttpClient(target).submit('/login', { email, password: PASSWORD });
		expect([303, 400], `login of ${email}`).toContain(page.status);
		results.set(email, page.status);
	}
	return results;
}

/** Reads the tables directly (PGlite allows one process: the server is stopped first). */
async function storedAccounts(target: TestServer) {
	const database = await target.openDatabase();
	try {
		const rows = await database.db.select({ id: users.id, email: users.email }).from(users);
		const jobs = await database.db.select({ kind: outboxJobs.kind, payload: outboxJobs.payload }).from(outboxJobs);
		const tokens = await database.db.select({ userId: emailTokens.userId }).from(emailTokens).where(eq(emailTokens.purpose, 'verify_email'));
		return rows.map((user) => ({
			email: user.email,
			verificationMails: jobs.filter((job) => job.kind === 'mail.send' && job.payload.to === user.email).length,
			verificationTokens: tokens.filter((token) => token.userId === user.id).length
		}));
	} finally {
		await database.close();
	}
}

it('kill the server during writes and restart: no half-written account', async () => {
	server = await startServer();
	const running = server;
	const outcomes = await signUpStorm(running, 'crash', 3, () => running.kill());
	expect(outcomes.filter((o) => o.result === 303).length).toBeGreaterThanOrEqual(3);
	expect(outcomes.filter((o) => o.result !== 303 && o.result !== 'connection lost')).toEqual([]);

	await server.restart();
	const logins = await loginResults(server, outcomes);
	// Every sign-up that was answered was committed: acknowledged writes survive the crash.
	for (const { email, result } of outcomes) if (result === 303) expect(logins.get(email), email).toBe(303);

	// Sign-ups that died with the server left nothing behind: the address is free again.
	const lost = outcomes.filter(({ email }) => logins.get(email) === 400);
	for (const { email } of lost.slice(0, 3))
		expect((await new HttpClient(server).submit('/signup', { displayName: 'Retry', email, password: PASSWORD })).status, email).toBe(303);

	expect(await server.stop()).toBe(0);
	const stored = await storedAccounts(server);
	const stormAccounts = stored.filter((account) => account.email.startsWith('crash-'));
	const expectedAccounts = [...outcomes.filter(({ email }) => logins.get(email) === 303), ...lost.slice(0, 3)];
	expect(stormAccounts.map((a) => a.email).sort()).toEqual(expectedAccounts.map((o) => o.email).sort());
	// Each account was written with its verification token and its mail job, in one transaction.
	for (const account of stormAccounts) expect(account, account.email).toMatchObject({ verificationMails: 1, verificationTokens: 1 });
});

it('SIGTERM finishes in-flight requests, exits 0 and leaves a database that reopens cleanly', async () => {
	server = await startServer();
	const running = server;
	let exitCode: number | null | undefined;
	const outcomes = await signUpStorm(running, 'term', 1, async () => (exitCode = await running.stop()));
	expect(exitCode).toBe(0);
	expect(server.output()).toContain('SIGTERM received');
	expect(server.output()).not.toContain('Shutdown took over 15 s');
	const answered = outcomes.filter((o) => o.result === 303);
	expect(answered.length).toBeGreaterThanOrEqual(1);
	expect(outcomes.filter((o) => o.result !== 303 && o.result !== 'connection lost')).toEqual([]);

	if (server.engine === 'pglite') {
		// The embedded database was closed and unlocked: nothing for the next start to recover.
		expect(existsSync(path.join(server.databaseEnv.PGLITE_DATA_DIR, 'parvis.lock'))).toBe(false);
	}
	const stored = await storedAccounts(server);
	expect(stored.map((a) => a.email)).toEqual(expect.arrayContaining(answered.map((o) => o.email)));
	for (const account of stored) expect(account, account.email).toMatchObject({ verificationMails: 1, verificationTokens: 1 });

	await server.restart();
	const logins = await loginResults(server, answered);
	for (const { email } of answered) expect(logins.get(email), email).toBe(303);
});
