import { defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Unit tests, and integration tests against the real production server (`node server.js`, so
 * `npx vite build` must have run) on each database engine. No SvelteKit plugin here: the code
 * under test is plain TypeScript, and `#lib/*` resolves through package.json's `imports` map,
 * which Vite handles natively.
 *
 * The PostgreSQL project runs only when TEST_DATABASE_URL points at a server where the user may
 * create databases, e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test.
 */
const integration = (engine: 'pglite' | 'postgres'): TestProjectInlineConfiguration => ({
	extends: true,
	test: {
		name: `integration:${engine}`,
		include: ['tests/integration/**/*.test.ts'],
		env: { TEST_ENGINE: engine },
		// Builds the migrated template databases ("empty" and "demo") once per run.
		globalSetup: ['tests/support/global-setup.ts']
	}
});

export default defineConfig({
	test: {
		// Two cores: each integration file runs its own server process next to the worker.
		maxWorkers: 2,
		testTimeout: 30_000,
		hookTimeout: 60_000,
		teardownTimeout: 30_000,
		exclude: ['tests/e2e/**', 'node_modules/**', 'build/**', '.svelte-kit/**'],
		projects: [
			{ extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
			integration('pglite'),
			...(process.env.TEST_DATABASE_URL ? [integration('postgres')] : [])
		]
	}
});
