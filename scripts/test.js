// `npm test`: build, then unit + integration tests (Vitest), then end-to-end tests (Playwright).
// Stops at the first failing step with its exit code, and ends with a summary of each step.
// Needs no PostgreSQL server: the integration tests add a PostgreSQL run when TEST_DATABASE_URL
// is set; the end-to-end tests always use embedded PostgreSQL (PGlite).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import process from 'node:process';

const steps = [
	{ name: 'build', args: ['node_modules/vite/bin/vite.js', 'build'] },
	{ name: 'unit + integration (Vitest)', args: ['node_modules/vitest/vitest.mjs', 'run'] },
	{ name: 'end-to-end (Playwright, Chromium)', args: ['node_modules/@playwright/test/cli.js', 'test'] }
];

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 17)) {
	console.error(`Node ${process.versions.node} is too old: Parvis needs Node 22.17 or later (Node 24 LTS recommended).`);
	process.exit(1);
}

let current = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		if (current) current.kill(signal);
		else process.exit(130);
	});
}

function run(args) {
	return new Promise((resolve) => {
		current = spawn(process.execPath, args, { stdio: 'inherit', env: process.env });
		current.on('error', (error) => {
			console.error(error.message);
			resolve(1);
		});
		current.on('exit', (code, signal) => resolve(code ?? 128 + (constants.signals[signal] ?? 0)));
	});
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const results = [];
let exitCode = 0;
const started = Date.now();

console.log(
	`[test] Node ${process.versions.node}; integration engines: PGlite${process.env.TEST_DATABASE_URL ? ' + PostgreSQL (TEST_DATABASE_URL)' : ''}`
);
for (const step of steps) {
	console.log(`\n[test] ▶ ${step.name}: node ${step.args.join(' ')}`);
	const stepStarted = Date.now();
	const code = await run(step.args);
	current = null;
	results.push({ name: step.name, code, ms: Date.now() - stepStarted });
	if (code !== 0) {
		exitCode = code;
		break;
	}
}

console.log('\n[test] Summary');
for (const step of steps) {
	const result = results.find((r) => r.name === step.name);
	const status = !result ? 'skipped' : result.code === 0 ? 'ok' : `FAILED (exit code ${result.code})`;
	console.log(`  ${status.padEnd(22)} ${step.name}${result ? ` — ${seconds(result.ms)}` : ''}`);
}
console.log(`  ${exitCode === 0 ? 'all passed' : 'failed'} in ${seconds(Date.now() - started)}`);
process.exit(exitCode);
