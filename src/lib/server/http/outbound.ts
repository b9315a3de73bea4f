import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup as dnsLookupAll } from 'node:dns/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { ApiError } from '../api/errors.js';

/**
 * Requests the server makes to addresses chosen by its users (webhook endpoints, reporting
 * services): they must not reach the machine itself or the local network (server-side request
 * forgery: an admin port, a cloud metadata service, an intranet), unless the operator allows it
 * for an intranet deployment (`OUTBOUND_ALLOW_PRIVATE_NETWORKS=true`). Checked when the address is
 * registered, and again on every request against the very addresses the connection uses, so a
 * name that resolves differently later (DNS rebinding) is refused too.
 */
export interface OutboundPolicy {
	allowPrivateNetworks: boolean;
}

const blocked = new BlockList();
for (const [network, prefix] of [
	['0.0.0.0', 8], // "this network"
	['10.0.0.0', 8],
	['100.64.0.0', 10], // carrier-grade NAT
	['127.0.0.0', 8],
	['169.254.0.0', 16], // link-local, cloud metadata
	['172.16.0.0', 12],
	['192.0.0.0', 24],
	['192.168.0.0', 16],
	['198.18.0.0', 15],
	['224.0.0.0', 4], // multicast
	['240.0.0.0', 4]
] as const)
	blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
	['::', 128],
	['::1', 128],
	['fc00::', 7], // unique local
	['fe80::', 10], // link-local
	['ff00::', 8] // multicast
] as const)
	blocked.addSubnet(network, prefix, 'ipv6');

/** Loopback, private, link-local, unique-local and other non-public addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string) {
	const family = isIP(address);
	if (family === 0) return false;
	return blocked.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

export class OutboundRefusedError extends Error {
	constructor(
		readonly host: string,
		readonly address: string
	) {
		super(`${host} resolves to ${address}, a private or local address (set OUTBOUND_ALLOW_PRIVATE_NETWORKS=true to allow it)`);
	}
}

const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** At registration: refuses a URL whose host is, or resolves to, a private address (400, on the `url` field). */
export async function assertPublicUrl(url: string, policy: OutboundPolicy) {
	if (policy.allowPrivateNetworks) return;
	const host = bareHost(new URL(url));
	let addresses: LookupAddress[];
	try {
		addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await dnsLookupAll(host, { all: true });
	} catch {
		throw new ApiError('bad_request', 'outbound.unresolvable', { url: 'outbound.unresolvableField' }, undefined, { host });
	}
	const refused = addresses.find((a) => isPrivateAddress(a.address));
	if (refused) throw new ApiError('bad_request', 'outbound.privateAddress', { url: 'outbound.privateAddressField' }, undefined, { host, address: refused.address });
}

/** A DNS lookup for `http.request` that fails when any address of the name is private. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
	dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
		if (error) return callback(error, '', 0);
		const refused = addresses.find((a) => isPrivateAddress(a.address));
		if (refused) return callback(new OutboundRefusedError(hostname, refused.address), '', 0);
		if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
		callback(null, addresses[0].address, addresses[0].family);
	});
};

export interface OutboundResponse {
	status: number;
	headers: IncomingHttpHeaders;
	/** Only with `maxBodyBytes`: the answer's body, cut at that size. */
	body?: Buffer;
}

/**
 * Sends one request without following redirects. The answer's body is drained and ignored (only
 * its status and headers matter to most callers) unless `maxBodyBytes` asks for it (read up to
 * that size). Rejects on a refused address, a network error or after `timeoutMs`.
 */
export function outboundRequest(
	url: string,
	init: { method: string; headers: Record<string, string>; body: string; timeoutMs: number; maxBodyBytes?: number },
	policy: OutboundPolicy
): Promise<OutboundResponse> {
	const target = new URL(url);
	const host = bareHost(target);
	// A literal address is connected to without a lookup: check it here.
	if (!policy.allowPrivateNetworks && isPrivateAddress(host)) return Promise.reject(new OutboundRefusedError(host, host));
	const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
	return new Promise((resolve, reject) => {
		const request = send(
			target,
			{
				method: init.method,
				headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
				signal: AbortSignal.timeout(init.timeoutMs),
				...(policy.allowPrivateNetworks ? {} : { lookup: publicOnlyLookup })
			},
			(response) => {
				const answer = { status: response.statusCode ?? 0, headers: response.headers };
				if (init.maxBodyBytes === undefined) {
					// The body is drained and ignored; a late timeout may still cut it.
					response.on('error', () => {});
					response.resume();
					return resolve(answer);
				}
				const limit = init.maxBodyBytes;
				const chunks: Buffer[] = [];
				let size = 0;
				response.on('data', (chunk: Buffer) => {
					if (size >= limit) return;
					chunks.push(chunk);
					size += chunk.length;
				});
				response.on('end', () => resolve({ ...answer, body: Buffer.concat(chunks).subarray(0, limit) }));
				response.on('error', reject);
			}
		);
		request.on('error', reject);
		request.end(init.body);
	});
}
