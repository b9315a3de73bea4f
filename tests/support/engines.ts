/**
 * What the global setup (main vitest process) and the test files share: the engine under test,
 * where a run keeps its files, and admin access to the PostgreSQL test server.
 * Nothing here imports `vitest` at run time: the global setup is not a test context.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';

export type Flavour = 'empty' | 'demo';
export type Engine = 'pglite' | 'postgres';

/** This run's templates: closed data directories (PGlite) or database names (PostgreSQL). */
export interface Templates {
	engine: Engine;
	/** The vitest process id: names this run's directories and databases. */
	runId: number;
	/** This run's scratch directory under .tmp/ (gitignored). */
	runDir: string;
	empty: string;
	demo: string;
}

declare module 'vitest' {
	export interface ProvidedContext {
		templates: Templates;
	}
}

export const TMP_ROOT = path.resolve('.tmp/vitest');

export function runDir(runId: number) {
	return path.join(TMP_ROOT, String(runId));
}

export function testEngine(): Engine {
	const engine = process.env.TEST_ENGINE;
	if (engine !== 'pglite' && engine !== 'postgres') throw new Error(`TEST_ENGINE must be pglite or postgres, not ${engine}`);
	return engine;
}

export function adminUrl(): string {
	const url = process.env.TEST_DATABASE_URL;
	if (!url) throw new Error('TEST_DATABASE_URL is not set: the PostgreSQL tests need a server where they may create databases');
	return url;
}

/** The server of TEST_DATABASE_URL, another database on it. */
export function databaseUrl(name: string): string {
	const url = new URL(adminUrl());
	url.pathname = `/${name}`;
	return url.toString();
}

/** A short-lived admin connection: CREATE/DROP DATABASE cannot run inside a transaction. */
export async function withAdmin<T>(run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
	const sql = postgres(adminUrl(), { max: 1, onnotice: () => {} });
	try {
		return await run(sql);
	} finally {
		await sql.end({ timeout: 5 });
	}
}

export async function dropDatabase(name: string) {
	// WITH (FORCE) closes the connections a killed server may have left behind.
	await withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export function isAlive(pid: number) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Scratch directories of earlier runs whose vitest process is gone (killed, crashed). */
export function staleRunDirs(): string[] {
	if (!existsSync(TMP_ROOT)) return [];
	return readdirSync(TMP_ROOT)
		.filter((name) => /^\d+$/.test(name) && !isAlive(Number(name)))
		.map((name) => path.join(TMP_ROOT, name));
}
