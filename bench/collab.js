// Benchmark of the collaboration server: with N editors connected to one document, one of them
// types and the benchmark measures how long each edit takes to reach every other editor
// (p50 / p95 / p99 over all edit × receiver pairs), and the server's resident memory once the N
// editors are connected. The same load runs, in the same run, against Parvis (production build,
// embedded PostgreSQL, every update committed before it is broadcast), Hocuspocus (no
// persistence extension) and the reference `@y/websocket-server` 0.1.1 (memory only), each in
// its own process. Run on demand, after `npx vite build`:
//   node bench/collab.js
//   BENCH_EDITORS=50,200 BENCH_EDITS=100 node bench/collab.js
// Results go into BENCHMARKS.md by hand, with the machine they were measured on.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { startServer } from './seeded.js';

const EDITORS = (process.env.BENCH_EDITORS ?? '50,200,500').split(',').map(Number);
const EDITS = Number(process.env.BENCH_EDITS ?? 200);
const RECEIPT_TIMEOUT_MS = 10_000;
const CONNECT_BATCH = 25;
const FRAGMENT = 'default';
const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;


function spawnPeer(kind) {
	const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'serve', kind], { stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		child.stdout.on('data', (chunk) => {
			const match = /listening on (\d+)/.exec(String(chunk));
			if (match) resolve({ port: Number(match[1]), pid: child.pid, stop: () => new Promise((done) => (child.on('exit', done), child.kill('SIGTERM'))) });
		});
		child.on('exit', (code) => reject(new Error(`${kind} exited with ${code}`)));
	});
}

const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/**
 * One editor on a raw WebSocket: the y-websocket protocol, or Hocuspocus's (every message
 * prefixed by the document name, an authentication message first). It syncs from an empty state
 * and notes when each update message arrives; only the typing editor keeps a Y.Doc.
 */
function connectEditor({ url, headers, hocuspocus, documentName, doc }) {
	const frame = (write) => {
		const encoder = encoding.createEncoder();
		if (hocuspocus) encoding.writeVarString(encoder, documentName);
		write(encoder);
		return encoding.toUint8Array(encoder);
	};
	const ws = new WebSocket(url, { headers, perMessageDeflate: false });
	const editor = { ws, onUpdate: null, send: (write) => ws.send(frame(write)) };
	return new Promise((resolve, reject) => {
		ws.on('error', reject);
		ws.on('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
		ws.on('open', () => {
			if (hocuspocus)
				editor.send((encoder) => {
					encoding.writeVarUint(encoder, MESSAGE_AUTH);
					encoding.writeVarUint(encoder, 0);
					encoding.writeVarString(encoder, '');
				});
			editor.send((encoder) => {
				encoding.writeVarUint(encoder, MESSAGE_SYNC);
				encoding.writeVarUint(encoder, 0);
				encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc ?? new Y.Doc()));
			});
		});
		ws.on('message', (data) => {
			const decoder = decoding.createDecoder(new Uint8Array(data));
			if (hocuspocus) decoding.readVarString(decoder);
			if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
			const syncType = decoding.readVarUint(decoder);
			if (syncType === SYNC_STEP_2) {
				if (doc) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), 'server');
				resolve(editor);
			} else if (syncType === SYNC_UPDATE) editor.onUpdate?.();
		});
	});
}

async function connectAll(count, options) {
	const editors = [];
	for (let i = 0; i < count; i += CONNECT_BATCH)
		editors.push(...(await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, count - i) }, () => connectEditor(options)))));
	return editors;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);

/** N editors on one document; the first types EDITS times, each edit once everyone has the previous one. */
async function run(name, count, options, pid) {
	const rssBefore = rssMiB(pid);
	const doc = new Y.Doc();
	const typist = await connectEditor({ ...options, doc });
	const readers = await connectAll(count - 1, options);
	const rssConnected = rssMiB(pid);
	const latencies = [];
	let lost = 0;
	doc.on('update', (update, origin) => {
		if (origin === 'server') return;
		typist.send((encoder) => {
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			encoding.writeVarUint(encoder, SYNC_UPDATE);
			encoding.writeVarUint8Array(encoder, update);
		});
	});
	const fragment = doc.getXmlFragment(FRAGMENT);
	const paragraph = new Y.XmlElement('paragraph');
	const text = new Y.XmlText();
	paragraph.insert(0, [text]);
	fragment.insert(fragment.length, [paragraph]);
	await new Promise((resolve) => setTimeout(resolve, 200));
	for (let edit = 0; edit < EDITS; edit++) {
		let waiting = readers.length;
		const sent = performance.now();
		const all = new Promise((resolve) => {
			const timer = setTimeout(() => ((lost += waiting), resolve()), RECEIPT_TIMEOUT_MS);
			for (const reader of readers)
				reader.onUpdate = () => {
					reader.onUpdate = null;
					latencies.push(performance.now() - sent);
					if (--waiting === 0) (clearTimeout(timer), resolve());
				};
		});
		text.insert(text.length, 'a');
		await all;
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
	const rssAfter = rssMiB(pid);
	for (const editor of [typist, ...readers]) editor.ws.terminate();
	latencies.sort((a, b) => a - b);
	const result = { name, editors: count, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), samples: latencies.length, lost, rssBefore: rssBefore.toFixed(0), rssConnected: rssConnected.toFixed(0), rssAfter: rssAfter.toFixed(0) };
	console.log(
		`${name.padEnd(20)} ${String(count).padStart(4)} editors  p50 ${result.p50} ms  p95 ${result.p95} ms  p99 ${result.p99} ms  (${result.samples} receipts, ${lost} lost)  RSS ${result.rssBefore} → ${result.rssConnected} (connected) → ${result.rssAfter} MiB`
	);
	// Let the servers drop the closed connections before the next round.
	await new Promise((resolve) => setTimeout(resolve, 1500));
	return result;
}

async function parvisDocument(url) {
	const body = new URLSearchParams({ email: 'orgadmin@parvis.example', password: 'Parvis-demo-2026' });
	const login = await fetch(`${url}/login`, { method: 'POST', body, headers: { origin: url }, redirect: 'manual' });
	const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
	const response = await fetch(`${url}/api/v1/spaces/budget-participatif-2027/documents`, {
		method: 'POST',
		headers: { cookie, origin: url, 'content-type': 'application/json' },
		body: JSON.stringify({ title: 'Banc d’essai', visibility: 'space' })
	});
	if (response.status !== 201) throw new Error(`document not created: ${response.status} ${await response.text()}`);
	const { id } = await response.json();
	return { cookie, id };
}

async function main() {
	const dataDir = '.tmp/bench-collab';
	rmSync(dataDir, { recursive: true, force: true });
	const parvis = await startServer({ dataDir });
	const peers = await Promise.allSettled([spawnPeer('hocuspocus'), spawnPeer('y-websocket-server')]);
	const [hocuspocus, reference] = peers.map((peer) => peer.value);
	try {
		for (const peer of peers) if (peer.status === 'rejected') throw peer.reason;
		// A fresh document for every run.
		const targets = [
			{ name: 'Parvis', pid: parvis.pid, options: async () => {
				const { cookie, id } = await parvisDocument(parvis.url);
				return { url: `${parvis.url.replace(/^http/, 'ws')}/collab/${id}`, headers: { cookie } };
			} },
			{ name: 'Hocuspocus 4', pid: hocuspocus.pid, options: async (count) => ({ url: `ws://127.0.0.1:${hocuspocus.port}/`, hocuspocus: true, documentName: `bench-${count}` }) },
			{ name: '@y/websocket-server', pid: reference.pid, options: async (count) => ({ url: `ws://127.0.0.1:${reference.port}/bench-${count}` }) }
		];
		console.log(`${EDITS} edits per run, one typist, each edit sent once every other editor has the previous one`);
		for (const count of EDITORS) for (const target of targets) await run(target.name, count, await target.options(count), target.pid);
	} finally {
		await Promise.all([parvis, hocuspocus, reference].map((server) => server?.stop()));
	}
}

// `node bench/collab.js serve <hocuspocus|y-websocket-server>`: the comparison servers, in their own process.
if (process.argv[2] === 'serve') {
	const listening = (port) => console.log(`listening on ${port}`);
	if (process.argv[3] === 'hocuspocus') {
		const { Server } = await import('@hocuspocus/server');
		const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false });
		await server.listen();
		listening(server.address.port);
	} else {
		const http = await import('node:http');
		const { setupWSConnection } = await import('@y/websocket-server/utils');
		const wss = new WebSocketServer({ noServer: true });
		wss.on('connection', setupWSConnection);
		const server = http.createServer((_request, response) => response.end('okay'));
		server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)));
		server.listen(0, '127.0.0.1', () => listening(server.address().port));
	}
	process.on('SIGTERM', () => process.exit(0));
} else await main();
