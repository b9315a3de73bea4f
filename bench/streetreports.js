// Benchmark of the agents' queue of issue reports: an organisation with 20,000 reports (spread
// over the town, every category it handles, a few statuses), then the queue as an agent sees it —
// newest first, a text search, a category in tree order, nearest to a point, a deep page — and a
// bulk answer to 100 reports in one transaction (history row and notification each). Starts the
// production server once to migrate and seed the demo data, adds the reports with batched inserts,
// restarts the server and measures. Run on demand:
//   node bench/streetreports.js                                  (embedded PostgreSQL)
//   BENCH_DATABASE_URL=postgres://…/empty_db node bench/streetreports.js   (PostgreSQL server)
// Results go into BENCHMARKS.md by hand, with the machine they were measured on.
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { measure } from './load.js';
import { startServer as startBenchServer, withDatabase as withBenchDatabase } from './seeded.js';

const REPORTS = Number(process.env.BENCH_REPORTS ?? 20_000);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const dataDir = '.tmp/bench-streetreports';
const databaseUrl = process.env.BENCH_DATABASE_URL;
const startServer = () => startBenchServer({ dataDir, databaseUrl });
const withDatabase = (run) => withBenchDatabase({ dataDir, databaseUrl }, run);
/** Same hashing as src/lib/server/auth/tokens.ts: sessions are stored by the SHA-256 of the cookie. */
const hash = (token) => createHash('sha256').update(token).digest('hex');
const STATUSES = ['received', 'received', 'in_progress', 'resolved'];

async function seedBulk(query) {
	const [{ id: organisationId }] = await query(`select id from organisations where slug = 'auray'`);
	const categories = await query(`select c.id from street_report_competences k join street_report_categories c on c.id = k.category_id where k.organisation_id = $1`, [organisationId]);
	const [{ id: agentId }] = await query(`select id from users where email = 'agent@parvis.example'`);
	const token = randomBytes(20).toString('hex');
	await query(`insert into sessions (id, user_id, expires_at) values ($1, $2, now() + interval '30 days')`, [hash(token), agentId]);
	const started = Date.now();
	for (let offset = 0; offset < REPORTS; offset += 500) {
		const values = [];
		const params = [];
		for (let i = offset; i < Math.min(REPORTS, offset + 500); i++) {
			const created = new Date(Date.now() - (REPORTS - i) * 60_000).toISOString();
			params.push(
				`BENCH-${i}`,
				categories[i % categories.length].id,
				organisationId,
				47.64 + ((i * 7919) % 1000) / 20_000,
				-3.0 + ((i * 104729) % 1000) / 20_000,
				`Signalement de test n° ${i} : ${i % 50 === 0 ? 'lampadaire clignotant' : 'problème ordinaire'} près du numéro ${i % 200}.`,
				STATUSES[i % STATUSES.length],
				created
			);
			const p = params.length;
			values.push(`($${p - 7}, $${p - 6}, $${p - 5}, 'competence', $${p - 3}, $${p - 4}, $${p - 2}, $${p - 1}, $${p}, $${p})`);
		}
		await query(
			`insert into street_reports (tracking_code, category_id, organisation_id, routing, longitude, latitude, description, status, created_at, updated_at) values ${values.join(', ')}`,
			params
		);
	}
	await query('analyze');
	return { seconds: (Date.now() - started) / 1000, token };
}

async function queue(name, url, cookie) {
	const times = [];
	let body;
	for (let i = 0; i < 5; i++) {
		const start = performance.now();
		body = await (await fetch(url, { headers: { cookie } })).json();
		times.push(performance.now() - start);
	}
	times.sort((a, b) => a - b);
	const loaded = await measure(() => fetch(url, { headers: { cookie } }), { concurrency: 5, durationMs: DURATION_MS });
	console.log(`| ${name} | ${body.total} | ${body.items.length} | ${times[2].toFixed(0)} | ${loaded.perSecond} | ${loaded.p50} / ${loaded.p95} | ${loaded.errors} |`);
	return body;
}

if (!databaseUrl) rmSync(dataDir, { recursive: true, force: true });
const first = await startServer();
await first.stop();
const { seconds, token } = await withDatabase(seedBulk);
console.log(`seeded ${REPORTS} reports in ${seconds.toFixed(1)} s (${databaseUrl ? 'PostgreSQL server' : 'PGlite'})`);
const server = await startServer();
const cookie = `parvis_session=${token}`;
try {
	const base = `${server.url}/api/v1/issue-reports/queue`;
	console.log('| queue (50 a page) | matching | items | one fetch, median ms | req/s (5 at a time) | p50 / p95 ms | errors |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
	const newest = await queue('newest first', `${base}`, cookie);
	await queue('received, newest first', `${base}?status=received`, cookie);
	await queue('words "lampadaire clignotant"', `${base}?q=${encodeURIComponent('lampadaire clignotant')}`, cookie);
	await queue('category, tree order', `${base}?sort=category`, cookie);
	await queue('nearest to a point', `${base}?sort=nearest&near_lat=47.668&near_lon=-2.981`, cookie);
	await queue('page 200 of last updated', `${base}?sort=updated&page=200`, cookie);
	const ids = newest.items.slice(0, 50).map((r) => r.id);
	const more = (await (await fetch(`${base}?page=2`, { headers: { cookie } })).json()).items.map((r) => r.id);
	const start = performance.now();
	const response = await fetch(`${server.url}/api/v1/issue-reports/bulk-status`, {
		method: 'POST',
		headers: { cookie, origin: server.url, 'content-type': 'application/json' },
		body: JSON.stringify({ ids: [...ids, ...more], status: 'in_progress', public_comment: 'Pris en charge.', private_comment: 'Banc d’essai' })
	});
	const answer = await response.json();
	console.log(`\n| bulk answer | reports | status | ms |\n| --- | ---: | ---: | ---: |\n| POST /api/v1/issue-reports/bulk-status | ${answer.updated} | ${response.status} | ${(performance.now() - start).toFixed(0)} |`);
} finally {
	await server.stop();
}
