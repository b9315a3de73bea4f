// The test geocoder (tests/support/geocoder.ts) as a process of its own, for the end-to-end tests:
// Playwright starts it before the portal, which reaches it through GEOCODER_URL.
import { startTestGeocoder } from '../support/geocoder.js';

const geocoder = await startTestGeocoder({ port: Number(process.env.GEOCODER_E2E_PORT) });
console.log(`Test geocoder listening on ${geocoder.url}`);
const stop = () => void geocoder.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
