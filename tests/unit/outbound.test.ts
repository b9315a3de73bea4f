import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPrivateAddress, OutboundRefusedError, outboundRequest } from '#lib/server/http/outbound.js';

describe('isPrivateAddress', () => {
	it('flags loopback, private, link-local, unique-local, multicast and IPv4-mapped forms of them', () => {
		for (const address of ['127.0.0.1', '127.8.9.10', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd12:3456::1', 'fc00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:192.168.0.1'])
			expect(isPrivateAddress(address), address).toBe(true);
	});

	it('lets public addresses through', () => {
		for (const address of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2001:4860:4860::8888', '2a01:e0a::1', '::ffff:8.8.8.8'])
			expect(isPrivateAddress(address), address).toBe(false);
	});
});

describe('outboundRequest', () => {
	/** A loopback peer answering `body`; the requests are allowed to reach it (as on an intranet). */
	async function peer(body: string) {
		const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
	}
	const allowed = { allowPrivateNetworks: true };

	it('reads the answer only when asked, cut at the size given', async () => {
		const service = await peer('[{"service_request_id":"42"}]');
		try {
			const init = { method: 'GET', headers: {}, body: '', timeoutMs: 5_000 };
			expect((await outboundRequest(service.url, init, allowed)).body).toBeUndefined();
			expect((await outboundRequest(service.url, { ...init, maxBodyBytes: 1_000 }, allowed)).body?.toString()).toBe('[{"service_request_id":"42"}]');
			expect((await outboundRequest(service.url, { ...init, maxBodyBytes: 5 }, allowed)).body?.toString()).toBe('[{"se');
		} finally {
			await service.close();
		}
	});

	it('refuses a loopback peer unless private networks are allowed', async () => {
		const service = await peer('{}');
		try {
			await expect(outboundRequest(service.url, { method: 'GET', headers: {}, body: '', timeoutMs: 5_000, maxBodyBytes: 100 }, { allowPrivateNetworks: false })).rejects.toBeInstanceOf(OutboundRefusedError);
		} finally {
			await service.close();
		}
	});
});
