/**
 * A real Open311 GeoReport v2 endpoint (http://wiki.open311.org/GeoReport_v2) on loopback, for
 * the tests: `services.json`, `requests.json` (POST form-encoded, GET by ids), `requests/{id}.json`,
 * `tokens/{token}.json`, JSON error bodies `[{code, description}]`, an `api_key` check, a switch
 * that fails the next N posts with 503, and a token mode where a post answers with a token only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Open311Request {
	service_request_id: string;
	service_code: string;
	status: string;
	status_notes: string | null;
	description: string;
	lat: number;
	long: number;
	address_string: string | null;
	media_url: string | null;
	email: string | null;
	attributes: Record<string, string>;
	requested_datetime: string;
	updated_datetime: string;
	token: string | null;
}

export interface Open311Server {
	/** Base URL: `<url>/requests.json`… */
	url: string;
	apiKey: string;
	/** Every request created, in order. */
	requests: Open311Request[];
	/** POSTs to requests.json received, successful or not. */
	postAttempts: number;
	/** Answer the next `n` posts with 503 and an error body. */
	failNextPosts(n: number): void;
	/** Answer posts with a token only; the id is given at the `after`-th look-up of the token. */
	useTokens(after?: number): void;
	/** What the city's back office does: a new status and a public note. */
	setStatus(id: string, status: string, notes: string): void;
	close(): Promise<void>;
}

const services = [
	{ service_code: 'nid-de-poule', service_name: 'Nid-de-poule', description: 'Chaussée abîmée', metadata: false, type: 'realtime', keywords: 'voirie', group: 'Voirie' },
	{ service_code: 'feux-tricolores', service_name: 'Feux tricolores', description: 'Feux en panne', metadata: false, type: 'realtime', keywords: 'voirie', group: 'Voirie' },
	{ service_code: 'eclairage-public', service_name: 'Éclairage public', description: 'Lampadaire éteint', metadata: false, type: 'realtime', keywords: 'éclairage', group: 'Réseaux' }
];

function send(res: ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}
const error = (res: ServerResponse, status: number, description: string) => send(res, status, [{ code: status, description }]);

async function readBody(req: IncomingMessage) {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export async function startOpen311Server(options: { apiKey?: string } = {}): Promise<Open311Server> {
	const apiKey = options.apiKey ?? 'cle-open311-essai';
	const requests: Open311Request[] = [];
	const tokens = new Map<string, { lookups: number; after: number; request: Open311Request }>();
	let failures = 0;
	let tokenAfter: number | null = null;
	let nextId = 1000;
	const state = { postAttempts: 0 };

	const server = createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const path = url.pathname;
		try {
			if (req.method === 'GET' && path === '/services.json') return send(res, 200, services);
			if (req.method === 'POST' && path === '/requests.json') {
				state.postAttempts += 1;
				if ((req.headers['content-type'] ?? '').split(';')[0] !== 'application/x-www-form-urlencoded')
					return error(res, 400, 'Expected application/x-www-form-urlencoded');
				const form = new URLSearchParams(await readBody(req));
				if (form.get('api_key') !== apiKey) return error(res, 403, 'Invalid api_key');
				if (failures > 0) {
					failures -= 1;
					return error(res, 503, 'Service temporarily unavailable');
				}
				const service = services.find((s) => s.service_code === form.get('service_code'));
				if (!service) return error(res, 404, `service_code ${form.get('service_code')} not found`);
				const lat = Number(form.get('lat'));
				const long = Number(form.get('long'));
				if (!form.get('lat') || !form.get('long') || !Number.isFinite(lat) || !Number.isFinite(long))
					return error(res, 400, 'lat and long are required');
				const attributes: Record<string, string> = {};
				for (const [name, value] of form) {
					const match = /^attribute\[(.+)\]$/.exec(name);
					if (match) attributes[match[1]] = value;
				}
				const now = new Date().toISOString();
				const request: Open311Request = {
					service_request_id: String(nextId++),
					service_code: service.service_code,
					status: 'open',
					status_notes: null,
					description: form.get('description') ?? '',
					lat,
					long,
					address_string: form.get('address_string'),
					media_url: form.get('media_url'),
					email: form.get('email'),
					attributes,
					requested_datetime: now,
					updated_datetime: now,
					token: null
				};
				requests.push(request);
				if (tokenAfter !== null) {
					request.token = `tok-${request.service_request_id}`;
					tokens.set(request.token, { lookups: 0, after: tokenAfter, request });
					return send(res, 201, [{ token: request.token }]);
				}
				return send(res, 201, [{ service_request_id: request.service_request_id, service_notice: 'Merci, demande enregistrée' }]);
			}
			const asPublic = (r: Open311Request) => {
				const { attributes: _a, email: _e, token: _t, ...rest } = r;
				return rest;
			};
			if (req.method === 'GET' && path === '/requests.json') {
				const ids = (url.searchParams.get('service_request_id') ?? '').split(',').filter(Boolean);
				return send(res, 200, requests.filter((r) => !ids.length || ids.includes(r.service_request_id)).map(asPublic));
			}
			const one = /^\/requests\/([^/]+)\.json$/.exec(path);
			if (req.method === 'GET' && one) {
				const request = requests.find((r) => r.service_request_id === one[1]);
				return request ? send(res, 200, [asPublic(request)]) : error(res, 404, 'Request not found');
			}
			const token = /^\/tokens\/([^/]+)\.json$/.exec(path);
			if (req.method === 'GET' && token) {
				const entry = tokens.get(decodeURIComponent(token[1]));
				if (!entry) return error(res, 404, 'Token not found');
				entry.lookups += 1;
				if (entry.lookups < entry.after) return send(res, 200, [{ token: token[1] }]);
				return send(res, 200, [{ service_request_id: entry.request.service_request_id, token: token[1] }]);
			}
			return error(res, 404, `No route ${req.method} ${path}`);
		} catch (e) {
			return error(res, 500, String(e));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		apiKey,
		requests,
		get postAttempts() {
			return state.postAttempts;
		},
		failNextPosts(n) {
			failures = n;
		},
		useTokens(after = 1) {
			tokenAfter = after;
		},
		setStatus(id, status, notes) {
			const request = requests.find((r) => r.service_request_id === id);
			if (!request) throw new Error(`no request ${id}`);
			request.status = status;
			request.status_notes = notes;
			request.updated_datetime = new Date().toISOString();
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
