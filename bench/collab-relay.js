// Benchmark of the relay between Parvis processes: two production servers on one PostgreSQL
// database, editors of one document split between them, one typist on the first. Measures how
// long an edit takes to reach the editors on the same process and those on the other (LISTEN /
// NOTIFY, then the rows read back), and the same for a presence (awareness) change, which travels
// in the NOTIFY payload. Stock y-websocket clients. Run on demand, after `npx vite build`:
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/collab-relay.js
//   BENCH_EDITORS=20 BENCH_EDITS=100 …
// It creates (and drops) the database `parvis_bench_relay` on that server.
import postgres from 'postgres';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startServer } from './seeded.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL;
if (!SERVER_URL) throw new Error('BENCH_DATABASE_URL (a PostgreSQL server) is required: the relay needs PostgreSQL');
const PER_SIDE = Number(process.env.BENCH_EDITORS ?? 20);
const EDITS = Number(process.env.BENCH_EDITS ?? 100);
const DATABASE = 'parvis_bench_relay';
// Each y-websocket provider listens for the process's exit.
process.setMaxListeners(2 * PER_SIDE + 10);

const percentile = (values, p) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
};
const summary = (values) => `p50 ${percentile(values, 50)} ms  p95 ${percentile(values, 95)} ms  p99 ${percentile(values, 99)} ms  (${values.length} receipts)`;

function connect(server, id, cookie) {
	class WithCookie extends WebSocket {
		constructor(url, protocols) {
			super(url, protocols, { headers: { cookie } });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/collab`, id, doc, { WebSocketPolyfill: WithCookie, disableBc: true });
	return { doc, provider, text: doc.getText('bench') };
}

async function until(what, check, timeoutMs = 10_000) {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

async function main() {
	const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
	await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
	await admin.unsafe(`create database ${DATABASE}`);
	const databaseUrl = Object.assign(new URL(SERVER_URL), { pathname: `/${DATABASE}` }).toString();
	const first = await startServer({ dataDir: '', databaseUrl });
	const second = await startServer({ dataDir: '', databaseUrl });
	const clients = [];
	try {
		const body = new URLSearchParams({ email: 'orgadmin@parvis.example', password: 'Parvis-demo-2026' });
		const login = await fetch(`${first.url}/login`, { method: 'POST', body, headers: { origin: first.url }, redirect: 'manual' });
		const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
		const created = await fetch(`${first.url}/api/v1/spaces/budget-participatif-2027/documents`, {
			method: 'POST',
			headers: { cookie, origin: first.url, 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'Banc d’essai du relais', visibility: 'space' })
		});
		if (created.status !== 201) throw new Error(`document not created: ${created.status}`);
		const { id } = await created.json();

		const typist = connect(first, id, cookie);
		const same = Array.from({ length: PER_SIDE }, () => connect(first, id, cookie));
		const other = Array.from({ length: PER_SIDE }, () => connect(second, id, cookie));
		clients.push(typist, ...same, ...other);
		await until('every client to sync', () => clients.every((c) => c.provider.synced));

		const latencies = { same: [], other: [] };
		const presence = { same: [], other: [] };
		for (const [side, group] of [['same', same], ['other', other]])
			for (const client of group) {
				client.text.observe(() => {
					if (client.expected !== undefined && client.text.length === client.expected) {
						latencies[side].push(performance.now() - client.sentAt);
						client.expected = undefined;
					}
				});
				client.provider.awareness.on('change', () => {
					const state = client.provider.awareness.getStates().get(typist.doc.clientID);
					if (client.expectedMark !== undefined && state?.mark === client.expectedMark) {
						presence[side].push(performance.now() - client.sentAt);
						client.expectedMark = undefined;
					}
				});
			}
		const receivers = [...same, ...other];
		for (let i = 0; i < EDITS; i++) {
			const sentAt = performance.now();
			for (const client of receivers) Object.assign(client, { sentAt, expected: typist.text.length + 1 });
			typist.text.insert(typist.text.length, 'x');
			await until(`edit ${i} everywhere`, () => receivers.every((c) => c.expected === undefined));
		}
		for (let i = 0; i < EDITS; i++) {
			const sentAt = performance.now();
			for (const client of receivers) Object.assign(client, { sentAt, expectedMark: i });
			typist.provider.awareness.setLocalStateField('mark', i);
			await until(`presence ${i} everywhere`, () => receivers.every((c) => c.expectedMark === undefined));
		}
		console.log(`${EDITS} edits and ${EDITS} presence changes by one typist on process 1; ${PER_SIDE} editors on each process`);
		console.log(`edit      same process   ${summary(latencies.same)}`);
		console.log(`edit      other process  ${summary(latencies.other)}`);
		console.log(`presence  same process   ${summary(presence.same)}`);
		console.log(`presence  other process  ${summary(presence.other)}`);
	} finally {
		for (const client of clients) client.provider.destroy();
		await Promise.all([first.stop(), second.stop()]);
		await admin.unsafe(`drop database if exists ${DATABASE} with (force)`);
		await admin.end();
	}
}

await main();
