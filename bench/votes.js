// Point votes: ballot writes per second with 200 organisations voting at once (each through its
// own delegate, 200 clients), the same with two delegates of each organisation racing on one
// ballot, and the tally of a vote with BENCH_BALLOTS ballots (default 100,000): live while open,
// then the first results read after closing (counts and stores the tally) and the cached reads.
// Run on demand:
//   node bench/votes.js                                   (embedded PostgreSQL)
//   BENCH_DATABASE_URL=postgres://… node bench/votes.js   (PostgreSQL server: an empty database)
// Results go into BENCHMARKS.md by hand, with the machine they were measured on.
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { measure } from './load.js';
import { startServer, withDatabase } from './seeded.js';

const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const ORGANISATIONS = 200;
const BIG_VOTE_BALLOTS = Number(process.env.BENCH_BALLOTS ?? 100_000);
const ITEMS = 10;
// Clients at once (one keep-alive connection each): each request is sent for the next of the 200 voters in turn.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? ORGANISATIONS);
const target = { dataDir: '.tmp/bench-votes-pglite', databaseUrl: process.env.BENCH_DATABASE_URL };
if (!target.databaseUrl) rmSync(target.dataDir, { recursive: true, force: true });

// First start: migrations and demo data; then the bulk data goes in while the server is stopped.
await (await startServer(target)).stop();

const sessionFor = async (query, userId) => {
	const token = randomBytes(20).toString('hex');
	await query(`insert into sessions (id, user_id, expires_at) values ($1, $2, now() + interval '1 day')`, [createHash('sha256').update(token).digest('hex'), userId]);
	return `parvis_session=${token}`;
};

const setup = await withDatabase(target, async (query) => {
	const [{ club }] = await query(`select id as club from organisations where slug = 'club-logiciels-libres-bretagne'`);
	const [{ space, slug }] = await query(`select id as space, slug from spaces where slug = 'comite-des-utilisateurs'`);
	const delegates = [];
	for (let i = 0; i < ORGANISATIONS; i++) {
		const [{ id: org }] = await query(`insert into organisations (slug, name, kind) values ($1, $2, 'town') returning id`, [`bench-commune-${i}`, `Commune ${i}`]);
		await query(`insert into club_members (club_id, member_id, in_good_standing) values ($1, $2, true)`, [club, org]);
		const pair = [];
		for (const n of [1, 2]) {
			const [{ id: user }] = await query(`insert into users (email, password_hash, display_name) values ($1, 'x', $2) returning id`, [`delegue${n}.${i}@bench.example`, `Délégué ${n} ${i}`]);
			await query(`insert into memberships (organisation_id, user_id, role) values ($1, $2, 'agent')`, [org, user]);
			pair.push(await sessionFor(query, user));
		}
		delegates.push(pair);
	}
	const newVote = async (title, scope) => {
		const [{ id }] = await query(
			`insert into votes (space_id, title, ballot_scope, opens_at, closes_at, results_visibility, funding_rule, funded_count) values ($1, $2, $3, now() - interval '1 hour', now() + interval '30 days', 'live', 'top_n', 3) returning id`,
			[space, title, scope]
		);
		const items = [];
		for (let p = 1; p <= ITEMS; p++) items.push((await query(`insert into vote_items (vote_id, position, title, cost_estimate) values ($1, $2, $3, $4) returning id`, [id, p, `Demande ${p}`, 1000 * p]))[0].id);
		return { id, items };
	};
	const writes = await newVote('Banc d’essai : écritures', 'organisation');
	const big = await newVote(`Banc d’essai : ${BIG_VOTE_BALLOTS} bulletins`, 'person');
	// One voter per ballot: 100 points over three items chosen by the voter's number.
	await query(`insert into users (email, password_hash, display_name) select 'votant' || g || '@bench.example', 'x', 'Votant ' || g from generate_series(1, $1::int) g`, [BIG_VOTE_BALLOTS]);
	await query(`insert into ballots (vote_id, user_id, total) select $1, id, 100 from users where email like 'votant%@bench.example'`, [big.id]);
	await query(
		`insert into ballot_allocations (ballot_id, item_id, points)
		 select b.id, (($2::uuid[])[1 + ((row_number() over () + k) % ${ITEMS})::int]), p
		 from ballots b, (values (0, 50), (3, 30), (7, 20)) as s(k, p) where b.vote_id = $1`,
		[big.id, `{${big.items.join(',')}}`]
	);
	const [{ id: admin }] = await query(`select id from users where email = 'admin@parvis.example'`);
	return { slug, delegates, writes, big, admin: await sessionFor(query, admin) };
});

const server = await startServer(target);
const report = (name, r) =>
	console.log(`${name.padEnd(64)} ${String(r.perSecond).padStart(6)} req/s  p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  errors ${r.errors}${r.firstError ? ` (first: ${r.firstError})` : ''}`);
try {
	console.log(`engine: ${target.databaseUrl ? 'PostgreSQL server' : 'PGlite'}, ${DURATION_MS / 1000} s each`);
	const ballot = (cookie, n) =>
		fetch(`${server.url}/api/v1/votes/${setup.writes.id}/ballot`, {
			method: 'PUT',
			headers: { cookie, origin: server.url, 'content-type': 'application/json' },
			body: JSON.stringify({ allocations: setup.writes.items.map((item, i) => ({ item_id: item, points: i === n % ITEMS ? 60 : i === (n + 1) % ITEMS ? 40 : 0 })) })
		});
	let n = 0;
	report(`PUT ballot, ${ORGANISATIONS} organisations in turn (one delegate each), ${CONCURRENCY} clients`, await measure(() => ballot(setup.delegates[n++ % ORGANISATIONS][0], n), { concurrency: CONCURRENCY, durationMs: DURATION_MS }));
	report(`PUT ballot, 2 delegates of each of ${ORGANISATIONS / 2} organisations, ${CONCURRENCY} clients`, await measure(() => ballot(setup.delegates[n % (ORGANISATIONS / 2)][n++ % 2 ? 0 : 1], n), { concurrency: CONCURRENCY, durationMs: DURATION_MS }));
	const cookie = setup.delegates[0][0];
	const results = () => fetch(`${server.url}/api/v1/votes/${setup.big.id}/results`, { headers: { cookie } });
	const timed = async (request) => {
		const start = performance.now();
		const response = await request();
		const body = await response.json();
		if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body)}`);
		return { ms: (performance.now() - start).toFixed(0), body };
	};
	const once = await timed(results);
	console.log(`GET results JSON, ${BIG_VOTE_BALLOTS} ballots, open vote (live tally), one request: ${once.ms} ms`);
	report(`GET results JSON, ${BIG_VOTE_BALLOTS} ballots, open vote (live tally), 10 clients`, await measure(results, { concurrency: 10, durationMs: DURATION_MS }));
	const closed = await fetch(`${server.url}/api/v1/votes/${setup.big.id}/close`, { method: 'POST', headers: { cookie: setup.admin, origin: server.url } });
	if (!closed.ok) throw new Error(`close: ${closed.status} ${await closed.text()}`);
	const cold = await timed(results);
	console.log(`GET results JSON, ${BIG_VOTE_BALLOTS} ballots, first read after closing (counts and stores the tally): ${cold.ms} ms`);
	const warm = await timed(results);
	console.log(`GET results JSON, ${BIG_VOTE_BALLOTS} ballots, closed vote, next read (stored tally): ${warm.ms} ms`);
	report(`GET results JSON, ${BIG_VOTE_BALLOTS} ballots, closed vote (stored tally), 10 clients`, await measure(results, { concurrency: 10, durationMs: DURATION_MS }));
	report(`GET results page (HTML), ${BIG_VOTE_BALLOTS} ballots, closed vote, 10 clients`, await measure(() => fetch(`${server.url}/spaces/${setup.slug}/votes/${setup.big.id}/results`, { headers: { cookie } }), { concurrency: 10, durationMs: DURATION_MS }));
	const sum = (body) => body.items.reduce((s, i) => s + i.points, 0);
	console.log(`tally check: live ${once.body.ballots} ballots / ${sum(once.body)} points, stored ${warm.body.ballots} ballots / ${sum(warm.body)} points`);
} finally {
	await server.stop();
}
