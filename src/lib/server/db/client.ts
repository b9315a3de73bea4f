import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema.js';

type Schema = typeof schema;
/** The handle every domain function takes: the same API on PGlite and on postgres.js. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database handle or an open transaction: domain functions accept either. */
export type DbOrTx = Db | Tx;

export interface Database {
	db: Db;
	engine: 'pglite' | 'postgres';
	migrate(): Promise<void>;
	close(): Promise<void>;
}

export const migrationsFolder = path.resolve(process.env.PARVIS_MIGRATIONS_DIR ?? 'migrations');

export async function openDatabase(options: {
	databaseUrl?: string;
	pgliteDataDir?: string;
	pgliteLoadDataDir?: Blob;
}): Promise<Database> {
	if (options.databaseUrl) {
		const client = postgres(options.databaseUrl, {
			max: 10,
			onnotice: () => {},
			connection: { application_name: 'parvis' }
		});
		const db = drizzlePostgres({ client, schema }) as unknown as Db;
		return {
			db,
			engine: 'postgres',
			migrate: () => migratePostgres(db as never, { migrationsFolder }),
			close: () => client.end({ timeout: 5 })
		};
	}
	const dataDir = options.pgliteDataDir ? path.resolve(options.pgliteDataDir) : undefined;
	const releaseLock = dataDir ? lockDataDir(dataDir) : () => {};
	try {
		const client = await PGlite.create({ dataDir, loadDataDir: options.pgliteLoadDataDir });
		const db = drizzlePglite({ client, schema }) as unknown as Db;
		return {
			db,
			engine: 'pglite',
			migrate: () => migratePglite(db as never, { migrationsFolder }),
			async close() {
				await client.close();
				releaseLock();
			}
		};
	} catch (error) {
		releaseLock();
		throw error;
	}
}

export class DatabaseInUseError extends Error {}

/**
 * PGlite is single-process: a second process opening the same directory would corrupt it.
 * A lock file with the owner's pid refuses that with a clear message; a stale lock (its process
 * is gone, e.g. after SIGKILL) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
	mkdirSync(dataDir, { recursive: true });
	const lockFile = path.join(dataDir, 'parvis.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
			return () => rmSync(lockFile, { force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const owner = Number(readFileSync(lockFile, 'utf8'));
			if (owner && owner !== process.pid && isAlive(owner))
				throw new DatabaseInUseError(
					`The embedded database in ${dataDir} is in use by process ${owner} (a running Parvis server?). Stop it first, or use a PostgreSQL server (DATABASE_URL).`
				);
			rmSync(lockFile, { force: true });
		}
	}
	throw new DatabaseInUseError(`Could not lock ${dataDir}`);
}

function isAlive(pid: number) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
