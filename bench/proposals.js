// Benchmark of the proposals list with 10,000 proposals (and 100,000 comments) in one space.
// Starts the production server once to migrate and seed the demo data, adds the bulk rows with
// batched inserts straight into the database, restarts the server and measures the list page
// and the list API (sorts, search, filters, a deep page). Run on demand:
//   node bench/proposals.js                                  (embedded PostgreSQL)
//   BENCH_DATABASE_URL=postgres://…/empty_db node bench/proposals.js   (PostgreSQL server)
// Results go into BENCHMARKS.md by hand, with the machine they were measured on.
import { rmSync } from 'node:fs';
import { measure } from './load.js';
import { startServer as startBenchServer, withDatabase as withBenchDatabase } from './seeded.js';

const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 10_000);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 100_000);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const SPACE = 'budget-participatif-2027';
const dataDir = '.tmp/bench-proposals';
const databaseUrl = process.env.BENCH_DATABASE_URL;
const startServer = () => startBenchServer({ dataDir, databaseUrl });
const withDatabase = (run) => withBenchDatabase({ dataDir, databaseUrl }, run);

/** Same normalisation as the domain code (src/lib/features/proposals/server/text.ts). */
const normalise = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const subjects = ['école', 'piste cyclable', 'jardin partagé', 'médiathèque', 'aire de jeux', 'éclairage', 'marché', 'port', 'bancs', 'arbres', 'navette', 'composteur'];
const places = ['du centre', 'de Saint-Goustan', 'du Loch', 'de la gare', 'du Belzic', 'de Kerplouz', 'du Parco Pointu'];

async function seedBulk(query) {
	const [{ id: spaceId }] = await query(`select id from spaces where slug = $1`, [SPACE]);
	const users = (await query(`select id from users order by email`)).map((row) => row.id);
	const categories = (await query(`select c.id from categories c join spaces s on s.organisation_id = c.organisation_id where s.id = $1`, [spaceId])).map((row) => row.id);
	const [{ max }] = await query(`select coalesce(max(number), 0)::int as max from proposals where space_id = $1`, [spaceId]);
	const started = Date.now();
	const batch = 500;
	for (let offset = 0; offset < PROPOSALS; offset += batch) {
		const values = [];
		const params = [];
		for (let i = offset; i < Math.min(PROPOSALS, offset + batch); i++) {
			const title = `Idée ${i} : ${subjects[i % subjects.length]} ${places[i % places.length]}`;
			const body = `Proposition numéro ${i} pour ${subjects[(i * 7) % subjects.length]} ${places[(i * 3) % places.length]}. Des habitants la soutiennent depuis longtemps.`;
			const located = i % 3 === 0;
			const p = params.length;
			params.push(spaceId, max + 1 + i, title, body, normalise(`${title}\n${body}`), categories[i % categories.length] ?? null, located ? -2.98 + (i % 100) / 5000 : null, located ? 47.67 + (i % 50) / 5000 : null, (i * 37) % 200, (i * 13) % 40, new Date(Date.now() - i * 60_000).toISOString(), i % 20 === 0 ? 'accepted' : 'published');
			values.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, to_tsvector('french', $${p + 5}), $${p + 6}, $${p + 7}, $${p + 8}, $${p + 9}, $${p + 10}, $${p + 11}, $${p + 11}, $${p + 11}, $${p + 12})`);
		}
		const inserted = await query(
			`insert into proposals (space_id, number, title, body, search_vector, category_id, longitude, latitude, supports_count, comments_count, published_at, created_at, updated_at, state)
			 values ${values.join(', ')} returning id`,
			params
		);
		const authorParams = [];
		const authorValues = inserted.map((row, index) => {
			authorParams.push(row.id, users[(offset + index) % users.length]);
			return `($${authorParams.length - 1}, $${authorParams.length}, 'author', now(), now())`;
		});
		await query(`insert into proposal_authors (proposal_id, user_id, role, invited_at, accepted_at) values ${authorValues.join(', ')}`, authorParams);
	}
	await query(
		`insert into comments (target_type, target_id, space_id, author_id, body)
		 select 'proposal', p.id, p.space_id, $2, 'Commentaire ' || g
		 from generate_series(1, $1::int) g
		 join (select id, space_id, row_number() over (order by number) - 1 as rank from proposals where space_id = $3) p on p.rank = g % $4::int`,
		[COMMENTS, users[0], spaceId, PROPOSALS]
	);
	await query('analyze');
	return (Date.now() - started) / 1000;
}

async function load(name, url) {
	const result = await measure(() => fetch(url), { concurrency: CONCURRENCY, durationMs: DURATION_MS });
	console.log(`| ${name} | ${result.perSecond} | ${result.p50} / ${result.p95} | ${result.errors} |`);
}

if (!databaseUrl) rmSync(dataDir, { recursive: true, force: true });
const first = await startServer();
await first.stop();
const seconds = await withDatabase(seedBulk);
console.log(`seeded ${PROPOSALS} proposals and ${COMMENTS} comments in ${seconds.toFixed(1)} s (${databaseUrl ? 'PostgreSQL server' : 'PGlite'})`);
const server = await startServer();
try {
	const api = `${server.url}/api/v1/spaces/${SPACE}/proposals`;
	const deep = await (async () => {
		let cursor = '';
		for (let i = 0; i < 50; i++) cursor = (await (await fetch(`${api}?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json()).next_cursor;
		return cursor;
	})();
	console.log(`concurrency ${CONCURRENCY}, ${DURATION_MS / 1000} s each\n| request | req/s | p50 / p95 ms | errors |\n| --- | ---: | ---: | ---: |`);
	await load('API list, recent (20)', `${api}`);
	await load('API list, most supported', `${api}?sort=supported`);
	await load('API list, most commented', `${api}?sort=commented`);
	await load('API list, random with seed', `${api}?sort=random&seed=42`);
	await load('API search "ecole" (accents, plurals)', `${api}?q=ecoles`);
	await load('API filter has_location + state', `${api}?has_location=true&state=accepted`);
	await load('API page 51 (cursor after 5,000 rows)', `${api}?limit=100&cursor=${deep}`);
	await load('HTML space page (list of 20)', `${server.url}/spaces/${SPACE}`);
	await load('HTML space page, search + sort', `${server.url}/spaces/${SPACE}?q=jardin&sort=supported`);
} finally {
	await server.stop();
}
