// Benchmark of the Matrix chat against the test homeserver (tests/support/matrix-homeserver.ts):
// how long the reconciliation takes to put every member of a large private space in its room,
// how fast the outbox drains a burst of announcements, and how many chat sessions per second the
// portal hands out. Starts the production server on embedded PostgreSQL. Run on demand:
//   npx tsx bench/chat.ts
// Results go into BENCHMARKS.md by hand, with the machine they were measured on.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { createSession } from '#lib/server/auth/sessions.js';
import { openDatabase } from '#lib/server/db/client.js';
import { outboxJobs, spaceMembers, spaces, users } from '#lib/server/db/schema.js';
import { startTestHomeserver } from '../tests/support/matrix-homeserver.js';
import { measure } from './load.js';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 500);
const ANNOUNCEMENTS = Number(process.env.BENCH_ANNOUNCEMENTS ?? 500);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const dataDir = '.tmp/bench-chat';
const SPACE = 'budget-participatif-2027';

const homeserver = await startTestHomeserver();
const matrixEnv = {
	MATRIX_HOMESERVER_URL: homeserver.url,
	MATRIX_SERVER_NAME: homeserver.serverName,
	MATRIX_AS_TOKEN: homeserver.asToken,
	MATRIX_HS_TOKEN: homeserver.hsToken
};

function startServer(env: Record<string, string>) {
	const child = spawn(process.execPath, ['server.js'], {
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'true', PGLITE_DATA_DIR: dataDir, DATABASE_URL: '', OUTBOX_POLL_MS: '100', API_RATE_LIMIT_USER: '10000000', ...env },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	return new Promise<{ url: string; stop: () => Promise<void> }>((resolve, reject) => {
		child.stdout.on('data', (chunk) => {
			const match = /listening on (http:\/\/\S+)/.exec(String(chunk));
			if (match) resolve({ url: match[1].replace('localhost', '127.0.0.1'), stop: () => new Promise((done) => { child.on('exit', () => done()); child.kill('SIGTERM'); }) });
		});
		child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
	});
}

const until = async (probe: () => boolean, timeoutMs = 300_000) => {
	const started = performance.now();
	while (!probe()) {
		if (performance.now() - started > timeoutMs) throw new Error('timed out');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	return (performance.now() - started) / 1000;
};

rmSync(dataDir, { recursive: true, force: true });
// 1. Demo data, chat off.
await (await startServer({})).stop();

// 2. A private space with MEMBERS members, written straight into the database.
const database = await openDatabase({ databaseUrl: undefined, pgliteDataDir: dataDir });
const [{ id: organisationId }] = await database.db.select({ id: spaces.organisationId }).from(spaces).where(eq(spaces.slug, SPACE));
const [space] = await database.db
	.insert(spaces)
	.values({ organisationId, slug: 'conseil-bench', kind: 'group', title: 'Conseil (banc d’essai)', visibility: 'private', rules: {} as never })
	.returning({ id: spaces.id });
const people = await database.db
	.insert(users)
	.values(Array.from({ length: MEMBERS }, (_, i) => ({ email: `membre${i}@bench.parvis.example`, displayName: `Membre ${i}`, passwordHash: 'x', emailVerifiedAt: new Date() })))
	.returning({ id: users.id });
await database.db.insert(spaceMembers).values(people.map((p) => ({ spaceId: space.id, userId: p.id, role: 'member' as const })));
const tokens: string[] = [];
for (const person of people) tokens.push((await createSession(database.db, person.id)).token);
await database.close();

// 3. Chat on: the start-up reconciliation creates the rooms and joins everyone.
const started = performance.now();
const server = await startServer(matrixEnv);
const roomIdOf = () => homeserver.roomIdByAlias(`#parvis_conseil-bench:${homeserver.serverName}`);
await until(() => !!roomIdOf() && homeserver.joinedMembers(roomIdOf()!).length === MEMBERS + 1);
const reconcileSeconds = (performance.now() - started) / 1000;
console.log(`reconciliation: ${MEMBERS} members joined in ${reconcileSeconds.toFixed(1)} s (server start included)`);

// 4. A burst of announcements written as outbox jobs (as MEMBERS portal events would).
await server.stop();
const again = await openDatabase({ databaseUrl: undefined, pgliteDataDir: dataDir });
await again.db.insert(outboxJobs).values(
	Array.from({ length: ANNOUNCEMENTS }, (_, i) => ({
		kind: 'chat.announce',
		payload: { eventId: `bench-${i}`, type: 'proposal.published', spaceId: space.id, title: `Proposition ${i}`, url: `/spaces/conseil-bench/proposals/${i}` }
	}))
);
await again.close();
const restartedAt = performance.now();
const server2 = await startServer(matrixEnv);
await until(() => homeserver.messages(roomIdOf()!).length >= ANNOUNCEMENTS);
const drainSeconds = (performance.now() - restartedAt) / 1000;
console.log(`announcements: ${ANNOUNCEMENTS} delivered in ${drainSeconds.toFixed(1)} s (server start included): ${Math.round(ANNOUNCEMENTS / drainSeconds)}/s`);

// 5. Chat sessions (account known, already in the room: checks + AS login).
let next = 0;
const result = await measure(
	() =>
		fetch(`${server2.url}/api/v1/spaces/conseil-bench/chat/session`, {
			method: 'POST',
			headers: { cookie: `parvis_session=${tokens[next++ % tokens.length]}`, origin: server2.url }
		}),
	{ concurrency: CONCURRENCY, durationMs: DURATION_MS }
);
console.log('POST /chat/session', result);
await server2.stop();
await homeserver.close();
