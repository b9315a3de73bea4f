/**
 * Builds this run's template databases once per integration project, before any test file:
 * "empty" (migrated) and "demo" (migrated + `seedDemo`). Test files and servers get copies
 * (see databases.ts), so no test pays for initdb, migrations or the demo seed.
 */
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase, type Database } from '#lib/server/db/client.js';
import { seedDemo } from '#lib/server/seed/demo.js';
import { databaseUrl, dropDatabase, isAlive, runDir, staleRunDirs, withAdmin, type Engine, type Templates } from './engines.js';

async function migrateAndMaybeSeed(database: Database, seed: boolean) {
	try {
		await database.migrate();
		if (seed) await seedDemo(database.db);
	} finally {
		await database.close();
	}
}

async function pgliteTemplates(runId: number): Promise<Templates> {
	for (const dir of staleRunDirs()) await rm(dir, { recursive: true, force: true });
	const dir = runDir(runId);
	const templates: Templates = {
		engine: 'pglite',
		runId,
		runDir: dir,
		empty: path.join(dir, 'template-empty'),
		demo: path.join(dir, 'template-demo')
	};
	await mkdir(dir, { recursive: true });
	// initdb runs once: the demo template starts as a copy of the closed, migrated empty one.
	await migrateAndMaybeSeed(await openDatabase({ pgliteDataDir: templates.empty }), false);
	await cp(templates.empty, templates.demo, { recursive: true });
	await migrateAndMaybeSeed(await openDatabase({ pgliteDataDir: templates.demo }), true);
	return templates;
}

/** Databases named after a vitest process that is gone: left by a killed run. */
async function dropStaleDatabases() {
	const names = await withAdmin((sql) => sql<{ datname: string }[]>`
		select datname from pg_database where datname like 'parvis\\_tpl\\_%' or datname like 'parvis\\_test\\_%'`);
	for (const { datname } of names) {
		const pid = Number(/^parvis_(?:tpl_(?:empty|demo)|test)_(\d+)/.exec(datname)?.[1]);
		if (pid && !isAlive(pid)) await dropDatabase(datname);
	}
}

async function postgresTemplates(runId: number): Promise<Templates> {
	await dropStaleDatabases();
	const templates: Templates = {
		engine: 'postgres',
		runId,
		runDir: runDir(runId),
		empty: `parvis_tpl_empty_${runId}`,
		demo: `parvis_tpl_demo_${runId}`
	};
	for (const flavour of ['empty', 'demo'] as const) {
		const name = templates[flavour];
		await dropDatabase(name);
		await withAdmin((sql) => sql.unsafe(`CREATE DATABASE "${name}"`));
		await migrateAndMaybeSeed(await openDatabase({ databaseUrl: databaseUrl(name) }), flavour === 'demo');
	}
	return templates;
}

export default async function setup(project: TestProject) {
	const engine = project.config.env.TEST_ENGINE as Engine;
	const runId = process.pid;
	const started = Date.now();
	const templates = engine === 'postgres' ? await postgresTemplates(runId) : await pgliteTemplates(runId);
	console.log(`[${project.name}] template databases ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	project.provide('templates', templates);

	return async function teardown() {
		if (engine === 'postgres') {
			const leftovers = await withAdmin((sql) => sql<{ datname: string }[]>`
				select datname from pg_database where datname like ${`parvis\\_test\\_${runId}\\_%`}`);
			for (const { datname } of leftovers) await dropDatabase(datname);
			await dropDatabase(templates.empty);
			await dropDatabase(templates.demo);
		} else {
			await rm(templates.runDir, { recursive: true, force: true });
		}
	};
}
