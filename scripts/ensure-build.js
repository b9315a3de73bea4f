// `npm start` runs this first: builds when there is no build or the sources are newer than it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const marker = 'build/handler.js';
function newestMtime(dir) {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
	}
	return newest;
}
const sources = Math.max(newestMtime('src'), newestMtime('static'), statSync('vite.config.ts').mtimeMs, statSync('package-lock.json').mtimeMs);
if (!existsSync(marker) || statSync(marker).mtimeMs < sources) {
	console.log('Building Parvis…');
	execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio: 'inherit' });
}
