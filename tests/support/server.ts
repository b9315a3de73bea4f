/**
 * The real production server (`node server.js` over `build/`) in a child process, on its own
 * fresh database copied from a template. Tests talk to it over HTTP only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { configVariables } from '#lib/server/config.js';
import type { Database } from '#lib/server/db/client.js';
import { copyTemplate, type DatabaseCopy } from './databases.js';
import type { Engine, Flavour } from './engines.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Generous: on a loaded 2-core machine a start (migrations checked, outbox started) took up to 30 s.
const STARTUP_TIMEOUT_MS = 60_000;

export interface TestServer {
	/** http://127.0.0.1:<port>; changes on restart (PORT=0 picks a free port each time). */
	readonly url: string;
	readonly engine: Engine;
	/** How the server finds its database: PGLITE_DATA_DIR or DATABASE_URL. */
	readonly databaseEnv: Readonly<Record<string, string>>;
	/** Everything the process printed so far, stdout and stderr, across restarts. */
	output(): string;
	/** SIGTERM (graceful shutdown), then waits for the exit; returns the exit code. */
	stop(): Promise<number | null>;
	/** SIGKILL: no shutdown code runs, as in a power cut. */
	kill(): Promise<void>;
	/** Starts the server again on the same database and waits until it is healthy. */
	restart(): Promise<void>;
	/** Opens the server's database in this process. With PGlite, the server must be stopped. */
	openDatabase(): Promise<Database>;
	/** Stops the server if it runs and removes its database. */
	dispose(): Promise<void>;
}

export interface StartServerOptions {
	flavour?: Flavour;
	/** Extra variables, e.g. SMTP_URL; they win over the defaults below. */
	env?: Record<string, string>;
	/** Fills the fresh database before the server opens it (fixtures a test cannot create over HTTP yet). */
	prepare?: (db: Database['db']) => Promise<void>;
}

/** server.js and adapter-node settings that would change what the tests see if inherited. */
const SERVER_VARIABLES = ['PORT', 'HOST', 'TRUST_PROXY', 'ORIGIN', 'PROTOCOL_HEADER', 'HOST_HEADER', 'PORT_HEADER', 'ADDRESS_HEADER', 'XFF_DEPTH', 'BODY_SIZE_LIMIT'];

/** The parent's environment without any Parvis or server setting: only what the test sets reaches the server. */
function baseEnv(): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [name, value] of Object.entries(process.env))
		if (value !== undefined && !(name in configVariables) && !SERVER_VARIABLES.includes(name) && !name.startsWith('TEST_')) env[name] = value;
	return env;
}

/** Servers still running; killed if the test worker exits without stopping them (failed hook, crash). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const spawned of running) spawned.kill('SIGKILL');
});

export async function startServer(options: StartServerOptions = {}): Promise<TestServer> {
	if (!existsSync(path.join(ROOT, 'build/handler.js')))
		throw new Error('No build: run `npx vite build` before the integration tests (`npm test` does it)');
	const database: DatabaseCopy = await copyTemplate(options.flavour ?? 'empty');
	if (options.prepare) {
		const opened = await database.open();
		try {
			await options.prepare(opened.db);
		} finally {
			await opened.close();
		}
	}
	const env = {
		...baseEnv(),
		NODE_ENV: 'production',
		PORT: '0',
		HOST: '127.0.0.1',
		SEED_DEMO: 'false',
		OUTBOX_POLL_MS: '200',
		// The tests' peers (webhook receivers, SMTP, homeservers) listen on loopback.
		OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
		// No request to the national geocoder: a test that needs one starts tests/support/geocoder.ts.
		GEOCODER_URL: 'none',
		...database.env,
		...options.env
	};
	let log = '';
	let child: ChildProcess | undefined;
	let exited: Promise<number | null> = Promise.resolve(null);
	let url = '';

	async function launch() {
		const spawned = spawn(process.execPath, ['server.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
		child = spawned;
		running.add(spawned);
		exited = new Promise((resolve) =>
			spawned.once('exit', (code) => {
				running.delete(spawned);
				resolve(code);
			})
		);
		const startedAt = log.length;
		try {
			url = await new Promise<string>((resolve, reject) => {
				const onExit = (code: number | null, signal: string | null) => fail(`exited (code ${code}, signal ${signal}) before listening`);
				const timer = setTimeout(() => fail(`did not print its address within ${STARTUP_TIMEOUT_MS / 1000} s`), STARTUP_TIMEOUT_MS);
				const fail = (why: string) => {
					clearTimeout(timer);
					reject(new Error(`The server ${why}. Its output:\n${log}`));
				};
				spawned.stdout!.on('data', (chunk: Buffer) => {
					log += chunk.toString();
					const match = /Parvis listening on http:\/\/[^:\s]+:(\d+)/.exec(log.slice(startedAt));
					if (match) {
						clearTimeout(timer);
						spawned.off('exit', onExit);
						resolve(`http://127.0.0.1:${match[1]}`);
					}
				});
				spawned.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
				spawned.once('exit', onExit);
			});
			await waitHealthy(url, () => log);
		} catch (error) {
			spawned.kill('SIGKILL');
			await exited;
			throw error;
		}
	}

	async function terminate(signal: NodeJS.Signals) {
		if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
		return exited;
	}

	try {
		await launch();
	} catch (error) {
		await database.drop();
		throw error;
	}
	return {
		get url() {
			return url;
		},
		engine: database.engine,
		databaseEnv: database.env,
		output: () => log,
		stop: () => terminate('SIGTERM'),
		async kill() {
			await terminate('SIGKILL');
		},
		async restart() {
			await terminate('SIGTERM');
			log += '\n--- restart ---\n';
			await launch();
		},
		openDatabase: () => database.open(),
		async dispose() {
			await terminate('SIGTERM');
			await database.drop();
		}
	};
}

/** Polls GET /healthz until it answers 200: migrations have run and the database answers. */
async function waitHealthy(url: string, output: () => string) {
	const deadline = Date.now() + STARTUP_TIMEOUT_MS;
	let last = '';
	while (Date.now() < deadline) {
		try {
			const response = await fetch(`${url}/healthz`);
			if (response.status === 200) return;
			last = `HTTP ${response.status}`;
		} catch (error) {
			last = String(error);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`${url}/healthz never answered 200 (last: ${last}). Server output:\n${output()}`);
}
