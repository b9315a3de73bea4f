/**
 * Test databases on both engines, copied from the migrated templates that `global-setup.ts`
 * builds once per run: "empty" (migrated) and "demo" (migrated + demo data).
 *
 * - PGlite: a template is a closed data directory; a test database is a copy of it (`fs.cp`),
 *   which a server process opens through PGLITE_DATA_DIR or a test opens in-process.
 * - PostgreSQL: a template is a database; a test database is `CREATE DATABASE … TEMPLATE …`.
 */
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type Database } from '#lib/server/db/client.js';
import { databaseUrl, dropDatabase, withAdmin, type Engine, type Flavour } from './engines.js';

/** A fresh database, not yet opened: what a server process needs in its environment. */
export interface DatabaseCopy {
	engine: Engine;
	/** PGLITE_DATA_DIR or DATABASE_URL for a server process. */
	env: Record<string, string>;
	/** Opens it in this process (for PGlite, only while no server holds it). */
	open(): Promise<Database>;
	/** Removes it for good. */
	drop(): Promise<void>;
}

export async function copyTemplate(flavour: Flavour): Promise<DatabaseCopy> {
	const templates = inject('templates');
	const unique = `${process.pid}_${randomBytes(4).toString('hex')}`;
	if (templates.engine === 'pglite') {
		const dataDir = path.join(templates.runDir, `db-${flavour}-${unique}`);
		await mkdir(templates.runDir, { recursive: true });
		await cp(templates[flavour], dataDir, { recursive: true });
		return {
			engine: 'pglite',
			env: { PGLITE_DATA_DIR: dataDir },
			open: () => openDatabase({ pgliteDataDir: dataDir }),
			drop: () => rm(dataDir, { recursive: true, force: true })
		};
	}
	const name = `parvis_test_${templates.runId}_${unique}`;
	await withAdmin((sql) => sql.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${templates[flavour]}"`));
	const url = databaseUrl(name);
	return {
		engine: 'postgres',
		env: { DATABASE_URL: url },
		open: () => openDatabase({ databaseUrl: url }),
		drop: () => dropDatabase(name)
	};
}

export interface TestDatabase {
	db: Database['db'];
	engine: Engine;
	/** The data directory (PGlite) or connection URL (PostgreSQL). */
	location: string;
	/** Closes the connection and removes the database. */
	close(): Promise<void>;
}

/** A fresh migrated database for one test file, opened in this process. */
export async function createTestDatabase(flavour: Flavour): Promise<TestDatabase> {
	const copy = await copyTemplate(flavour);
	const database = await copy.open();
	return {
		db: database.db,
		engine: copy.engine,
		location: copy.env.PGLITE_DATA_DIR ?? copy.env.DATABASE_URL,
		async close() {
			await database.close();
			await copy.drop();
		}
	};
}
