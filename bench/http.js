// HTTP benchmark of the foundation: starts the production server on a fresh demo database and
// measures throughput and latency of typical requests. Run on demand:
//   node bench/http.js                     (embedded PostgreSQL)
//   BENCH_DATABASE_URL=postgres://… node bench/http.js   (PostgreSQL server: an empty database, seeded on the first run)
// Results go into BENCHMARKS.md by hand, with the machine they were measured on.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { measure } from './load.js';

const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 10) * 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const dataDir = '.tmp/bench-pglite';

async function startServer() {
	// Rate limits are raised: the benchmark measures the server, not the limiter's refusals.
	const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'true', PGLITE_DATA_DIR: dataDir, API_RATE_LIMIT_ANONYMOUS: '10000000', API_RATE_LIMIT_USER: '10000000' };
	if (process.env.BENCH_DATABASE_URL) env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
	else rmSync(dataDir, { recursive: true, force: true });
	const child = spawn(process.execPath, ['server.js'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
	const url = await new Promise((resolve, reject) => {
		child.stdout.on('data', (chunk) => {
			const match = /listening on (http:\/\/\S+)/.exec(String(chunk));
			if (match) resolve(match[1].replace('localhost', '127.0.0.1'));
		});
		child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
	});
	return { url, stop: () => new Promise((resolve) => { child.on('exit', resolve); child.kill('SIGTERM'); }) };
}

async function login(url, email) {
	const body = new URLSearchParams({ email, password: 'Parvis-demo-2026' });
	const response = await fetch(`${url}/login`, { method: 'POST', body, headers: { origin: url }, redirect: 'manual' });
	return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function load(name, makeRequest) {
	const result = await measure(makeRequest, { concurrency: CONCURRENCY, durationMs: DURATION_MS });
	console.log(`${name.padEnd(42)} ${String(result.perSecond).padStart(6)} req/s  p50 ${result.p50} ms  p95 ${result.p95} ms  p99 ${result.p99} ms  errors ${result.errors}`);
	return result;
}

const server = await startServer();
try {
	await sleep(500);
	const cookie = await login(server.url, 'admin@parvis.example');
	console.log(`engine: ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL server' : 'PGlite'}, concurrency ${CONCURRENCY}, ${DURATION_MS / 1000} s each`);
	await load('GET /healthz', () => fetch(`${server.url}/healthz`));
	await load('GET /api/v1/organisations (anonymous)', () => fetch(`${server.url}/api/v1/organisations`));
	await load('GET /api/v1/me (session cookie)', () => fetch(`${server.url}/api/v1/me`, { headers: { cookie } }));
	await load('GET / (HTML, signed in)', () => fetch(`${server.url}/`, { headers: { cookie } }));
	await load('GET /organisations/auray (HTML)', () => fetch(`${server.url}/organisations/auray`));
} finally {
	await server.stop();
}
