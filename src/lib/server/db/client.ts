import { mkdirSync } from 'node:fs';
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
	if (dataDir) mkdirSync(dataDir, { recursive: true });
	const client = await PGlite.create({ dataDir, loadDataDir: options.pgliteLoadDataDir });
	const db = drizzlePglite({ client, schema }) as unknown as Db;
	return {
		db,
		engine: 'pglite',
		migrate: () => migratePglite(db as never, { migrationsFolder }),
		close: () => client.close()
	};
}
