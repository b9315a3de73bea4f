// Benchmark of issue-report photos: how long re-encoding a 12-megapixel phone JPEG takes (decode,
// turn upright, resize to 2048 px, JPEG without metadata: `reencodePhoto`, the function the server
// runs), and how many reports with such photos the production server takes per second through the
// API. Starts the production server on embedded PostgreSQL with the demo data. Run on demand:
//   npx tsx bench/streetreport-photos.ts
// Results go into BENCHMARKS.md by hand, with the machine they were measured on.
import { rmSync } from 'node:fs';
import sharp from 'sharp';
import { reencodePhoto } from '#lib/features/streetreports/server/photos.js';
import { measure } from './load.js';
import { startServer } from './seeded.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 20) * 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const dataDir = '.tmp/bench-photos';

/** A 4000 × 3000 camera-like JPEG: smooth gradients with sensor-like noise, EXIF orientation 6 and a GPS position. */
async function twelveMegapixels() {
	const width = 4000;
	const height = 3000;
	const raw = Buffer.alloc(width * height * 3);
	let seed = 12345;
	for (let y = 0; y < height; y++)
		for (let x = 0; x < width; x++) {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			const noise = (seed % 17) - 8;
			const at = (y * width + x) * 3;
			raw[at] = Math.max(0, Math.min(255, ((x * 255) / width + noise) | 0));
			raw[at + 1] = Math.max(0, Math.min(255, ((y * 255) / height + noise) | 0));
			raw[at + 2] = Math.max(0, Math.min(255, 128 + 60 * Math.sin(x / 90) * Math.cos(y / 70) + noise));
		}
	return sharp(raw, { raw: { width, height, channels: 3 } })
		.jpeg({ quality: 92 })
		.withExif({ IFD0: { Make: 'Bench', Model: 'Phone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '47/1 40/1 5/1', GPSLongitudeRef: 'W', GPSLongitude: '2/1 58/1 52/1' } })
		.withMetadata({ orientation: 6 })
		.toBuffer();
}

const photo = await twelveMegapixels();
console.log(`input: 4000 × 3000 JPEG, ${(photo.length / 1024 / 1024).toFixed(2)} MB`);

// 1. Re-encoding alone, in this process, one at a time.
await reencodePhoto(photo); // warm-up
const times: number[] = [];
let output = { width: 0, height: 0, bytes: 0 };
for (let i = 0; i < RUNS; i++) {
	const started = performance.now();
	const result = await reencodePhoto(photo);
	times.push(performance.now() - started);
	output = { width: result.width, height: result.height, bytes: result.jpeg.byteLength };
}
times.sort((a, b) => a - b);
console.log(
	`re-encode: median ${times[Math.floor(RUNS / 2)].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[RUNS - 1].toFixed(0)} ms → ${output.width} × ${output.height}, ${(output.bytes / 1024).toFixed(0)} KB`
);

// 2. Reports with photos through the API (anonymous, base64 JSON), `CONCURRENCY` in flight.
rmSync(dataDir, { recursive: true, force: true });
const server = await startServer({ dataDir, databaseUrl: undefined });
try {
	for (const count of [1, 3]) {
		const body = JSON.stringify({
			category: 'encombrants',
			latitude: 47.668,
			longitude: -2.981,
			description: 'Un matelas abandonné sur le trottoir, photos jointes.',
			photos: Array.from({ length: count }, (_, i) => ({ filename: `IMG_${i}.JPG`, data_base64: photo.toString('base64') }))
		});
		const result = await measure(
			() => fetch(`${server.url}/api/v1/issue-reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
			{ concurrency: CONCURRENCY, durationMs: DURATION_MS }
		);
		console.log(
			`POST /api/v1/issue-reports with ${count} photo(s) (${(body.length / 1024 / 1024).toFixed(1)} MB body), ${CONCURRENCY} in flight: ` +
				`${result.requests} reports in ${DURATION_MS / 1000} s = ${(result.requests / (DURATION_MS / 1000)).toFixed(2)}/s, ` +
				`p50 ${result.p50} ms, p95 ${result.p95} ms, errors ${result.errors}`
		);
	}
} finally {
	await server.stop();
	rmSync(dataDir, { recursive: true, force: true });
}
