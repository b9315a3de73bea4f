// Benchmark of the open-data exports and the map API: 100,000 public proposals in one space, of
// which 20,000 are located around Auray. Starts the production server once to migrate and seed
// the demo data, adds the bulk rows with batched inserts straight into the database, restarts the
// server and measures:
//   - each export streamed end to end (rows per second, the server's peak memory while it runs);
//   - the map API over 20,000 points at several zooms (requests per second, latency).
// Run on demand:
//   node bench/opendata.js                                         (embedded PostgreSQL)
//   BENCH_DATABASE_URL=postgres://…/empty_db node bench/opendata.js    (PostgreSQL server)
// Results go into BENCHMARKS.md by hand, with the machine they were measured on.
import { readFileSync, rmSync } from 'node:fs';
import { measure } from './load.js';
import { startServer as startBenchServer, withDatabase as withBenchDatabase } from './seeded.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const LOCATED = Number(process.env.BENCH_LOCATED ?? 20_000);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const SPACE = 'budget-participatif-2027';
const dataDir = '.tmp/bench-opendata';
const databaseUrl = process.env.BENCH_DATABASE_URL;
const startServer = () => startBenchServer({ dataDir, databaseUrl });
const withDatabase = (run) => withBenchDatabase({ dataDir, databaseUrl }, run);
// Around Auray: 0.12° of longitude by 0.08° of latitude (about 9 km × 9 km).
const AREA = { west: -3.05, south: 47.63, east: -2.93, north: 47.71 };

/** Resident memory of a process in MB (Linux), current or peak since start. */
function memory(pid, field) {
	const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) / 1024 : NaN;
}

async function seedBulk(query) {
	const [{ id: spaceId }] = await query(`select id from spaces where slug = $1`, [SPACE]);
	const categories = (await query(`select c.id from categories c join spaces s on s.organisation_id = c.organisation_id where s.id = $1`, [spaceId])).map((row) => row.id);
	const [{ max }] = await query(`select coalesce(max(number), 0)::int as max from proposals where space_id = $1`, [spaceId]);
	const started = Date.now();
	const batch = 1000;
	const every = Math.max(1, Math.round(ROWS / LOCATED));
	for (let offset = 0; offset < ROWS; offset += batch) {
		const values = [];
		const params = [];
		for (let i = offset; i < Math.min(ROWS, offset + batch); i++) {
			const located = i % every === 0;
			// A deterministic scatter over the area (golden-ratio sequence).
			const u = (i * 0.6180339887) % 1;
			const v = (i * 0.7548776662) % 1;
			const p = params.length;
			params.push(
				spaceId, max + 1 + i, `Idée ${i} pour le quartier`, `Proposition numéro ${i}, assez longue pour ressembler à une vraie proposition d’habitant, avec quelques détails utiles.`,
				categories[i % categories.length] ?? null,
				located ? AREA.west + u * (AREA.east - AREA.west) : null,
				located ? AREA.south + v * (AREA.north - AREA.south) : null,
				new Date(Date.now() - i * 60_000).toISOString(),
				i % 10 === 0 ? 'accepted' : 'published'
			);
			values.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8}, $${p + 8}, $${p + 8}, $${p + 9})`);
		}
		await query(
			`insert into proposals (space_id, number, title, body, category_id, longitude, latitude, published_at, created_at, updated_at, state) values ${values.join(', ')}`,
			params
		);
	}
	await query('analyze');
	return (Date.now() - started) / 1000;
}

/** Streams one export to the end, counting records, while sampling the server's memory. */
async function exportOnce(server, path, countRecords) {
	const before = memory(server.pid, 'VmRSS');
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, memory(server.pid, 'VmRSS'))), 20);
	const started = performance.now();
	const response = await fetch(`${server.url}${path}`);
	const reader = response.body.getReader();
	const decoder = new TextDecoder();
	let bytes = 0;
	let records = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		bytes += value.length;
		records += countRecords(decoder.decode(value, { stream: true }));
	}
	const seconds = (performance.now() - started) / 1000;
	clearInterval(sampler);
	peak = Math.max(peak, memory(server.pid, 'VmRSS'));
	return { status: response.status, seconds, bytes, records, before, peak };
}

const lines = (text) => (text.match(/\n/g) ?? []).length;
// Counted on each chunk: a marker cut between two chunks is missed (a few per thousand).
const features = (text) => (text.match(/"type":"Feature"/g) ?? []).length;

if (!databaseUrl) rmSync(dataDir, { recursive: true, force: true });
const first = await startServer();
await first.stop();
const seconds = await withDatabase(seedBulk);
console.log(`seeded ${ROWS} proposals (${LOCATED} located) in ${seconds.toFixed(1)} s (${databaseUrl ? 'PostgreSQL server' : 'PGlite'})`);
const server = await startServer();
try {
	console.log('\n| export | records | MB | seconds | records/s | server RSS before → peak (MB) |\n| --- | ---: | ---: | ---: | ---: | ---: |');
	for (const [name, path, count] of [
		['propositions.csv (cold)', '/opendata/propositions.csv', lines],
		['propositions.csv', '/opendata/propositions.csv', lines],
		['propositions.json', '/opendata/propositions.json', (t) => (t.match(/\{"id":/g) ?? []).length],
		['propositions.geojson', '/opendata/propositions.geojson', features],
		['donnees-csv.zip (all CSVs)', '/opendata/donnees-csv.zip', () => 0]
	]) {
		const r = await exportOnce(server, path, count);
		const rate = r.records ? Math.round(r.records / r.seconds) : '—';
		console.log(`| ${name} | ${r.records || '—'} | ${(r.bytes / 1e6).toFixed(1)} | ${r.seconds.toFixed(2)} | ${rate} | ${r.before.toFixed(0)} → ${r.peak.toFixed(0)} |`);
		if (r.status !== 200) console.log(`  status ${r.status}`);
	}
	console.log(`server peak RSS over its life (VmHWM): ${memory(server.pid, 'VmHWM').toFixed(0)} MB`);

	const map = `${server.url}/api/v1/map/propositions`;
	const bbox = (w, s, e, n) => [w, s, e, n].map((x) => x.toFixed(5)).join(',');
	const whole = bbox(AREA.west - 0.02, AREA.south - 0.02, AREA.east + 0.02, AREA.north + 0.02);
	const centre = { lon: (AREA.west + AREA.east) / 2, lat: (AREA.south + AREA.north) / 2 };
	const around = (d) => bbox(centre.lon - d, centre.lat - d * 0.7, centre.lon + d, centre.lat + d * 0.7);
	const sample = async (url) => {
		const body = await (await fetch(url)).json();
		return `${body.features.length} features for ${body.total} points`;
	};
	console.log(`\nmap API, concurrency ${CONCURRENCY}, ${DURATION_MS / 1000} s each\n| request | answer | req/s | p50 / p95 ms | errors |\n| --- | --- | ---: | ---: | ---: |`);
	for (const [name, url] of [
		['whole town, zoom 12 (clustered)', `${map}?bbox=${whole}&zoom=12`],
		['whole town, zoom 14 (clustered)', `${map}?bbox=${whole}&zoom=14`],
		['neighbourhood, zoom 16 (clustered)', `${map}?bbox=${around(0.01)}&zoom=16`],
		['street, zoom 18 (points)', `${map}?bbox=${around(0.002)}&zoom=18`],
		['list of the view, 200 items', `${map}?bbox=${whole}&zoom=12&cluster=false&limit=200`],
		['whole town + filter state=accepted', `${map}?bbox=${whole}&zoom=12&state=accepted`]
	]) {
		const answer = await sample(url);
		const result = await measure(() => fetch(url), { concurrency: CONCURRENCY, durationMs: DURATION_MS });
		console.log(`| ${name} | ${answer} | ${result.perSecond} | ${result.p50} / ${result.p95} | ${result.errors} |`);
	}
} finally {
	await server.stop();
}
