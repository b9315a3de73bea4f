// Benchmark of meetings: sign-ups per second when many people register at once for one meeting
// (the meeting row is locked per registration, so they queue), and the time to generate the iCal
// feeds of an organisation with 2,000 meetings. Starts the production server once to migrate and
// seed the demo data, adds people, sessions and meetings with batched inserts, restarts the server
// and measures. Run on demand:
//   node bench/meetings.js                                  (embedded PostgreSQL)
//   BENCH_DATABASE_URL=postgres://…/empty_db node bench/meetings.js   (PostgreSQL server)
// Results go into BENCHMARKS.md by hand, with the machine they were measured on.
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { measure } from './load.js';
import { startServer as startBenchServer, withDatabase as withBenchDatabase } from './seeded.js';

const MEETINGS = Number(process.env.BENCH_MEETINGS ?? 2_000);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 1_000);
const PLACES = Number(process.env.BENCH_PLACES ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const SPACE = 'budget-participatif-2027';
const dataDir = '.tmp/bench-meetings';
const databaseUrl = process.env.BENCH_DATABASE_URL;
const startServer = () => startBenchServer({ dataDir, databaseUrl });
const withDatabase = (run) => withBenchDatabase({ dataDir, databaseUrl }, run);
/** Same hashing as src/lib/server/auth/tokens.ts: sessions are stored by the SHA-256 of the cookie. */
const hash = (token) => createHash('sha256').update(token).digest('hex');
const DAY = 86_400_000;

async function seedBulk(query) {
	const [{ id: spaceId, organisation_id: organisationId, organisation_slug: organisationSlug }] = await query(
		`select s.id, s.organisation_id, o.slug as organisation_slug from spaces s join organisations o on o.id = s.organisation_id where s.slug = $1`,
		[SPACE]
	);
	const tokens = [];
	const started = Date.now();
	for (let offset = 0; offset < PEOPLE; offset += 500) {
		const values = [];
		const params = [];
		for (let i = offset; i < Math.min(PEOPLE, offset + 500); i++) {
			params.push(`bench-${i}@bench.parvis.example`, `Participant ${i}`);
			values.push(`($${params.length - 1}, now(), 'x', $${params.length})`);
		}
		const ids = await query(`insert into users (email, email_verified_at, password_hash, display_name) values ${values.join(', ')} returning id`, params);
		const sessionParams = [];
		const sessionValues = ids.map(({ id }) => {
			const token = randomBytes(20).toString('hex');
			tokens.push(token);
			sessionParams.push(hash(token), id);
			return `($${sessionParams.length - 1}, $${sessionParams.length}, now() + interval '30 days')`;
		});
		await query(`insert into sessions (id, user_id, expires_at) values ${sessionValues.join(', ')}`, sessionParams);
	}
	// Meetings spread from 150 days ago to 400 days ahead: the feeds keep what ended in the last 180 days.
	for (let offset = 0; offset < MEETINGS; offset += 500) {
		const values = [];
		const params = [];
		for (let i = offset; i < Math.min(MEETINGS, offset + 500); i++) {
			const start = new Date(Date.now() + (-150 + (i * 550) / MEETINGS) * DAY);
			params.push(organisationId, spaceId, `Réunion ${i} : commission ${i % 12}`, `Ordre du jour de la réunion ${i}.`, 'Hôtel de ville, Auray', start.toISOString(), new Date(start.getTime() + 2 * 3_600_000).toISOString());
			const p = params.length;
			values.push(`($${p - 6}, $${p - 5}, $${p - 4}, $${p - 3}, 'in_person', $${p - 2}, -2.98, 47.67, $${p - 1}, $${p})`);
		}
		await query(`insert into meetings (organisation_id, space_id, title, description, mode, address, longitude, latitude, starts_at, ends_at) values ${values.join(', ')}`, params);
	}
	const [{ id: meetingId }] = await query(
		`insert into meetings (organisation_id, space_id, title, mode, online_url, starts_at, ends_at, places)
		 values ($1, $2, 'Sign-ups benchmark', 'online', 'https://meet.jit.si/bench', now() + interval '30 days', now() + interval '30 days 2 hours', $3) returning id`,
		[organisationId, spaceId, PLACES]
	);
	await query('analyze');
	return { seconds: (Date.now() - started) / 1000, tokens, meetingId, organisationSlug };
}

/** Every person registers once, `CONCURRENCY` at a time; returns sign-ups per second and latencies. */
async function registerAll(url, tokens) {
	const latencies = [];
	let next = 0;
	let errors = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < tokens.length) {
				const token = tokens[next++];
				const start = performance.now();
				const response = await fetch(url, { method: 'POST', headers: { cookie: `parvis_session=${token}`, origin: new URL(url).origin } });
				await response.arrayBuffer();
				if (response.status !== 201) errors++;
				latencies.push(performance.now() - start);
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(0);
	return { perSecond: Math.round(tokens.length / seconds), seconds: seconds.toFixed(1), p50: pct(50), p95: pct(95), errors };
}

async function feed(name, url) {
	const times = [];
	let size = 0;
	let events = 0;
	for (let i = 0; i < 5; i++) {
		const start = performance.now();
		const text = await (await fetch(url)).text();
		times.push(performance.now() - start);
		size = text.length;
		events = text.split('BEGIN:VEVENT').length - 1;
	}
	times.sort((a, b) => a - b);
	const loaded = await measure(() => fetch(url), { concurrency: 5, durationMs: DURATION_MS });
	console.log(`| ${name} | ${events} | ${(size / 1e6).toFixed(2)} MB | ${times[2].toFixed(0)} | ${loaded.perSecond} | ${loaded.p50} / ${loaded.p95} | ${loaded.errors} |`);
}

if (!databaseUrl) rmSync(dataDir, { recursive: true, force: true });
const first = await startServer();
await first.stop();
const { seconds, tokens, meetingId, organisationSlug: slug } = await withDatabase(seedBulk);
console.log(`seeded ${PEOPLE} people with sessions and ${MEETINGS} meetings in ${seconds.toFixed(1)} s (${databaseUrl ? 'PostgreSQL server' : 'PGlite'})`);
const server = await startServer();
try {
	const signups = await registerAll(`${server.url}/api/v1/meetings/${meetingId}/registration`, tokens);
	const meeting = await (await fetch(`${server.url}/api/v1/meetings/${meetingId}`)).json();
	console.log('| sign-ups | per second | total s | p50 / p95 ms | result | errors |\n| --- | ---: | ---: | ---: | --- | ---: |');
	console.log(`| ${PEOPLE} sign-ups, ${CONCURRENCY} at a time, ${PLACES} places | ${signups.perSecond} | ${signups.seconds} | ${signups.p50} / ${signups.p95} | ${meeting.registered} registered | ${signups.errors} |`);
	console.log('\n| feed | events | size | one fetch, median ms | req/s (5 at a time) | p50 / p95 ms | errors |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
	await feed('organisation feed', `${server.url}/api/v1/organisations/${slug}/calendar.ics`);
	await feed('space feed', `${server.url}/api/v1/spaces/${SPACE}/calendar.ics`);
	await feed('organisation meetings JSON (20)', `${server.url}/api/v1/organisations/${slug}/meetings`);
} finally {
	await server.stop();
}
