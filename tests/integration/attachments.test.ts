import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '#lib/server/seed/demo.js';
import { HttpClient } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
let server: TestServer;
let author: HttpClient;
let proposalId: string;

beforeAll(async () => {
	server = await startServer({ flavour: 'demo' });
	author = new HttpClient(server);
	await author.logIn('citoyen@parvis.example', DEMO_PASSWORD);
	const created = await author.api('POST', '/api/v1/spaces/budget-participatif-2027/proposals', {
		body: { title: 'Des bancs ombragés au bord du Loch', body: 'Trois bancs sous les arbres, côté Saint-Goustan.', publish: true },
		headers: { origin: server.url }
	});
	expect(created.status).toBe(201);
	proposalId = created.body.id;
});
afterAll(async () => {
	await server?.dispose();
});

/** Sends the file as the request body, as `curl --data-binary` does. */
function upload(client: HttpClient, bytes: Buffer, filename: string, contentType = 'application/octet-stream') {
	return client.request(`/api/v1/proposals/${proposalId}/attachments?filename=${encodeURIComponent(filename)}`, {
		method: 'POST',
		body: new Uint8Array(bytes),
		headers: { origin: server.url, 'content-type': contentType }
	});
}

describe('attachments through the API', () => {
	it('accepts an image whose type is read from its bytes, lists it and serves it', async () => {
		const response = await upload(author, PNG, 'banc.png');
		expect(response.status).toBe(201);
		const attachment = await response.json();
		expect(attachment).toMatchObject({ filename: 'banc.png', media_type: 'image/png', size: PNG.length });
		const list = await new HttpClient(server).api('GET', `/api/v1/proposals/${proposalId}/attachments`);
		expect(list.body.items).toEqual([attachment]);
		const file = await fetch(attachment.url.replace(/^https?:\/\/[^/]+/, server.url));
		expect(file.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await file.arrayBuffer())).toEqual(PNG);
	});

	it('refuses a script named like an image, an empty body, and people who are not authors', async () => {
		const disguised = await upload(author, Buffer.from('<script>alert(1)</script>'), 'photo.png', 'image/png');
		expect(disguised.status).toBe(422);
		expect((await disguised.json()).error.fields.file).toBe('Ce fichier n’est ni une image (JPEG, PNG, GIF, WebP) ni un PDF.');
		const empty = await upload(author, Buffer.alloc(0), 'vide.png');
		expect(empty.status).toBe(422);
		const other = new HttpClient(server);
		await other.logIn('delegue@parvis.example', DEMO_PASSWORD);
		expect((await upload(other, PNG, 'intrus.png')).status).toBe(403);
		expect((await upload(new HttpClient(server), PNG, 'anonyme.png')).status).toBe(401);
	});

	it('lets the author remove it', async () => {
		const list = await author.api('GET', `/api/v1/proposals/${proposalId}/attachments`);
		const removed = await author.api('DELETE', `/api/v1/proposals/${proposalId}/attachments/${list.body.items[0].id}`, { headers: { origin: server.url } });
		expect(removed.status).toBe(204);
		expect((await author.api('GET', `/api/v1/proposals/${proposalId}/attachments`)).body.items).toEqual([]);
	});
});
