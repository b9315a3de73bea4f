// The in-process test homeserver (tests/support/matrix-homeserver.ts) as a process of its own, for
// the end-to-end tests: Playwright starts it before the portal (see playwright.config.ts).
import { startTestHomeserver } from '../support/matrix-homeserver.js';

const homeserver = await startTestHomeserver({
	port: Number(process.env.MATRIX_E2E_PORT),
	serverName: process.env.MATRIX_SERVER_NAME,
	asToken: process.env.MATRIX_AS_TOKEN,
	hsToken: process.env.MATRIX_HS_TOKEN
});
console.log(`Test homeserver listening on ${homeserver.url}`);
const stop = () => void homeserver.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
