// Shared by the benchmarks that bulk-load data: the production server on a demo database, and a
// direct connection to that database (PGlite data directory, or PostgreSQL with BENCH_DATABASE_URL).
import { spawn } from 'node:child_process';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';

/** Starts server.js with the demo data and no rate limit; resolves once it listens. */
export function startServer({ dataDir, databaseUrl }) {
	const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'true', PGLITE_DATA_DIR: dataDir, API_RATE_LIMIT_ANONYMOUS: '10000000', API_RATE_LIMIT_USER: '10000000', DATABASE_URL: databaseUrl ?? '' };
	const child = spawn(process.execPath, ['server.js'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		child.stdout.on('data', (chunk) => {
			const match = /listening on (http:\/\/\S+)/.exec(String(chunk));
			if (match)
				resolve({ url: match[1].replace('localhost', '127.0.0.1'), pid: child.pid, stop: () => new Promise((done) => { child.on('exit', done); child.kill('SIGTERM'); }) });
		});
		child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
	});
}

/** Runs `run(query)` on the benchmark's database while the server is stopped (PGlite is single-process). */
export async function withDatabase({ dataDir, databaseUrl }, run) {
	if (databaseUrl) {
		const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
		try {
			return await run((text, params = []) => sql.unsafe(text, params));
		} finally {
			await sql.end();
		}
	}
	const db = await PGlite.create({ dataDir });
	try {
		return await run(async (text, params = []) => (await db.query(text, params)).rows);
	} finally {
		await db.close();
	}
}
