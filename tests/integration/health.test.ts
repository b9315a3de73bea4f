import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
	server = await startServer({ flavour: 'demo' });
});
afterAll(async () => {
	await server?.dispose();
});

describe('health and errors', () => {
	it('answers /healthz with 200 {"status":"ok"}, never cached', async () => {
		const response = await fetch(`${server.url}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
		expect(response.headers.get('cache-control')).toBe('no-store');
	});

	it('answers an unknown page with an HTML 404 in French', async () => {
		const response = await fetch(`${server.url}/nulle-part`, { headers: { 'accept-language': 'fr-FR' } });
		expect(response.status).toBe(404);
		expect(response.headers.get('content-type')).toMatch(/^text\/html/);
		expect(await response.text()).toContain('Cette page n’existe pas.');
	});

	it('answers an unknown API route with the JSON error shape', async () => {
		const response = await fetch(`${server.url}/api/v1/nope`, { headers: { 'accept-language': 'en' } });
		expect(response.status).toBe(404);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		const body = await response.json();
		expect(body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
		expect(body.error.message).toContain('/api/v1/nope');
	});
});

describe('security headers', () => {
	it('sends a nonce-based CSP and the anti-framing headers on HTML pages', async () => {
		const response = await fetch(`${server.url}/`);
		expect(response.status).toBe(200);
		const csp = response.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toContain("object-src 'none'");
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('x-frame-options')).toBe('DENY');
		expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		// Plain HTTP: no HSTS, which would lock browsers out of a server without TLS.
		expect(response.headers.get('strict-transport-security')).toBeNull();
	});

	it('forbids everything in the CSP of non-HTML responses', async () => {
		const response = await fetch(`${server.url}/api/v1/organisations`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('x-frame-options')).toBe('DENY');
	});

	it('renders pages in the language the browser asks for', async () => {
		const english = await fetch(`${server.url}/login`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
		expect(await english.text()).toMatch(/<html lang="en"/);
		const french = await fetch(`${server.url}/login`, { headers: { 'accept-language': 'fr-FR' } });
		expect(await french.text()).toMatch(/<html lang="fr"/);
	});
});
