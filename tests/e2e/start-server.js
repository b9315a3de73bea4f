// Starts the production server for the end-to-end tests on a fresh embedded database.
// Playwright's webServer runs this from the repository root (see playwright.config.ts).
import { rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const dataDir = path.resolve(process.env.PGLITE_DATA_DIR || '.tmp/e2e-pglite');
if (!dataDir.includes(`${path.sep}.tmp${path.sep}`)) {
	console.error(`Refusing to wipe ${dataDir}: the e2e database must live under .tmp/`);
	process.exit(1);
}
rmSync(dataDir, { recursive: true, force: true });
process.env.PGLITE_DATA_DIR = dataDir;

await import('../../server.js');
