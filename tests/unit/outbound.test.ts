import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from '#lib/server/http/outbound.js';

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
