// Production entry: the SvelteKit handler and WebSocket upgrades on one port, with graceful shutdown.
import http from 'node:http';
import process from 'node:process';
import { SERVER_TO_SERVER_ORIGIN, SERVER_TO_SERVER_POSTS } from './server-to-server.js';

function readPort(value) {
	if (value === undefined || value === '') return 3000;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		console.error(`Invalid configuration:\n  PORT=${JSON.stringify(value)}: expected a port number between 0 and 65535`);
		process.exit(1);
	}
	return port;
}

const port = readPort(process.env.PORT);
const host = process.env.HOST || '0.0.0.0';
const trustProxy = ['1', 'true', 'yes'].includes((process.env.TRUST_PROXY ?? '').toLowerCase());
const OWN_PROTOCOL_HEADER = 'x-parvis-protocol';

// Behind a reverse proxy, Kit reads the protocol, host and client address from the proxy's headers.
// Otherwise the protocol comes from the socket itself, never from a header a client could forge.
if (trustProxy) {
	process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';
	process.env.HOST_HEADER ??= 'x-forwarded-host';
	process.env.ADDRESS_HEADER ??= 'x-forwarded-for';
} else {
	process.env.PROTOCOL_HEADER = OWN_PROTOCOL_HEADER;
}
// Room for an issue report's photos: 3 of 8 MB from a phone, as form files or base64 in JSON.
process.env.BODY_SIZE_LIMIT ??= '32M';

let handler;
try {
	({ handler } = await import('./build/handler.js'));
} catch (error) {
	if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('build/handler.js')) {
		console.error('No build found: run `npm run build` first (npm start does it for you).');
	} else {
		console.error(error?.message ?? error);
	}
	process.exit(1);
}
const runtime = globalThis[Symbol.for('parvis.runtime')];

const server = http.createServer((req, res) => {
	if (!trustProxy) req.headers[OWN_PROTOCOL_HEADER] = req.socket.encrypted ? 'https' : 'http';
	// Kit treats a body-less DELETE (no Content-Type) as a possible cross-site form post and wants
	// an Origin, refusing with its own non-JSON 403. A request with a bearer token cannot come from
	// a form (browsers cannot add that header cross-site, and Parvis ignores cookies when it is
	// present), so it is marked as JSON. So is any body-less API request: the API's own hook
	// demands the Origin of every session-authenticated write and refuses in the API's JSON shape.
	const bearer = /^bearer /i.test(req.headers.authorization ?? '');
	const api = (req.url ?? '').startsWith('/api/');
	if (!req.headers['content-type'] && (bearer || api)) req.headers['content-type'] = 'application/json';
	// An API call without ambient credential (no cookie, or a bearer token) cannot be forged
	// cross-site, yet Kit's check would answer a body typed as a form or text/plain, sent without
	// an Origin (curl), with its own non-JSON 403 about cross-site forms. Marked like the posts
	// below, it reaches the route, which explains the wrong Content-Type in the API's JSON shape.
	if (api && !req.headers.origin && (bearer || !req.headers.cookie)) req.headers.origin = SERVER_TO_SERVER_ORIGIN;
	// Server-to-server posts authenticate by their body's api_key: cookies out, CSRF check passed.
	if (req.method === 'POST' && SERVER_TO_SERVER_POSTS.has((req.url ?? '').split('?')[0])) {
		delete req.headers.cookie;
		req.headers.origin = SERVER_TO_SERVER_ORIGIN;
	}
	handler(req, res);
});
server.keepAliveTimeout = 5_000;
// A keep-alive socket is closed when it has been idle past keepAliveTimeout (+ Node's 1 s buffer).
// On embedded PGlite the database runs inside this event loop and, with many requests queued,
// can hold it for several seconds at a time (6 to 14 s with 200 to 400 clients writing ballots).
// When the loop comes back, timers run before sockets are read: a socket whose next request had
// arrived meanwhile looked idle, was closed with that request unread, and the client got
// ECONNRESET. So a timed-out socket is looked at again after the pending reads (setImmediate runs
// after them) and closed only if nothing came in; a socket that is really idle closes as before.
server.on('timeout', (socket) => {
	const bytesRead = socket.bytesRead;
	setImmediate(() => {
		if (socket.bytesRead === bytesRead) socket.destroy();
	});
});

server.on('upgrade', (req, socket, head) => {
	if (runtime?.upgrade) runtime.upgrade(req, socket, head);
	else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
});

server.listen(port, host, () => {
	const address = server.address();
	const shown = typeof address === 'object' && address ? address.port : port;
	console.log(`Parvis listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${shown}`);
});

let shuttingDown = false;
async function shutdown(signal) {
	if (shuttingDown) return;
	shuttingDown = true;
	console.log(`${signal} received: finishing requests, flushing pending writes, closing the database`);
	const forced = setTimeout(() => {
		console.error('Shutdown took over 15 s: exiting');
		process.exit(1);
	}, 15_000);
	forced.unref();
	// Stop accepting connections; in-flight requests finish, idle keep-alive sockets close.
	const closed = new Promise((resolve) => server.close(resolve));
	server.closeIdleConnections();
	await closed;
	await runtime?.shutdown();
	process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
