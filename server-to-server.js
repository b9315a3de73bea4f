// Posts other servers make, form-encoded and without an Origin: Open311 clients creating requests
// and FixMyStreet-style pushed status updates. They authenticate by the `api_key` in their body
// only. `server.js` removes their cookies (with no ambient credential there is nothing to forge)
// and marks them with an origin no browser can send (`.invalid` never resolves), which
// vite.config.ts trusts in Kit's CSRF check. server.js marks API calls without cookies or with a
// bearer token the same way (nothing to forge there either). Every other form post keeps that check.

/** Exact paths (no query), POST only. */
export const SERVER_TO_SERVER_POSTS = new Set(['/open311/v2/requests.json', '/open311/v2/requests.xml', '/api/v1/issue-reports/open311/servicerequestupdates']);
export const SERVER_TO_SERVER_ORIGIN = 'https://server-to-server.parvis.invalid';
