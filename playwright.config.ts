import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests: Chromium (Debian's, not a Playwright download) against the production build
 * served by `server.js` on a fresh embedded database with the demo data.
 * The build must exist already: `npm test` builds first (see scripts/test.js).
 */
// E2E_PORT lets several checkouts run their end-to-end tests side by side.
const port = Number(process.env.E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;
// The chat's homeserver: the test homeserver, next to the portal (tests/e2e/start-homeserver.ts).
const matrixPort = port + 1000;
// The address geocoder: a test one answering like the national address API (tests/e2e/start-geocoder.ts).
const geocoderPort = port + 2000;
const matrix = {
	MATRIX_HOMESERVER_URL: `http://127.0.0.1:${matrixPort}`,
	MATRIX_SERVER_NAME: 'parvis.test',
	MATRIX_AS_TOKEN: 'e2e-as-token',
	MATRIX_HS_TOKEN: 'e2e-hs-token'
};

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	outputDir: 'test-results',
	fullyParallel: false,
	workers: 2,
	retries: 0,
	forbidOnly: !!process.env.CI,
	timeout: 30_000,
	expect: { timeout: 5_000 },
	reporter: 'list',
	use: {
		baseURL,
		// French first: Chromium would otherwise send Accept-Language: en-US and get English pages.
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				locale: 'fr-FR',
				launchOptions: {
					executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
					args: [
						'--headless',
						'--no-sandbox',
						'--disable-gpu',
						'--disable-background-networking',
						'--disable-component-update',
						'--no-first-run',
						'--disable-sync',
						'--disable-quic'
					]
				}
			}
		}
	],
	webServer: [
		{
			command: 'npx tsx tests/e2e/start-homeserver.ts',
			url: `${matrix.MATRIX_HOMESERVER_URL}/_matrix/client/versions`,
			reuseExistingServer: false,
			timeout: 30_000,
			stdout: 'pipe',
			stderr: 'pipe',
			gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
			env: { ...matrix, MATRIX_E2E_PORT: String(matrixPort) }
		},
		{
			command: 'npx tsx tests/e2e/start-geocoder.ts',
			url: `http://127.0.0.1:${geocoderPort}/search?q=auray`,
			reuseExistingServer: false,
			timeout: 30_000,
			stdout: 'pipe',
			stderr: 'pipe',
			gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
			env: { GEOCODER_E2E_PORT: String(geocoderPort) }
		},
		{
			// Wipes .tmp/e2e-pglite, then starts server.js: every run begins on a fresh database.
			command: 'node tests/e2e/start-server.js',
			url: `${baseURL}/healthz`,
			reuseExistingServer: false,
			timeout: 60_000,
			stdout: 'pipe',
			stderr: 'pipe',
			gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
			env: {
				PORT: String(port),
				HOST: '127.0.0.1',
				PGLITE_DATA_DIR: '.tmp/e2e-pglite',
				// No base map tiles: the tests never depend on a tile server.
				MAP_TILE_URL: 'none',
				SEED_DEMO: 'true',
				OUTBOX_POLL_MS: '200',
				// The tests' peers (homeserver, receivers) listen on loopback.
				OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
				GEOCODER_URL: `http://127.0.0.1:${geocoderPort}`,
				// Always embedded PostgreSQL, whatever the caller's environment says (TEST_DATABASE_URL is
				// for the integration tests), and no SMTP server, so the development mailbox is on.
				DATABASE_URL: '',
				SMTP_URL: '',
				DEV_MAILBOX: 'auto',
				SITE_URL: '',
				TRUST_PROXY: '',
				...matrix
			}
		}
	]
});
