// Shared by the benchmarks: keeps `concurrency` requests in flight for `durationMs` and measures them.

/** Returns requests per second and latency percentiles (ms) of `makeRequest`. */
export async function measure(makeRequest, { concurrency, durationMs }) {
	const latencies = [];
	let errors = 0;
	/** The first failure, to say what the errors were. */
	let firstError;
	const end = Date.now() + durationMs;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (Date.now() < end) {
				const start = performance.now();
				try {
					const response = await makeRequest();
					const body = await response.arrayBuffer();
					if (!response.ok) {
						errors++;
						firstError ??= `${response.status} ${Buffer.from(body).toString('utf8', 0, 200)}`;
					}
				} catch (error) {
					// A reset or refused connection counts as an error, like a 5xx.
					errors++;
					firstError ??= String(error?.cause ?? error);
				}
				latencies.push(performance.now() - start);
			}
		})
	);
	latencies.sort((a, b) => a - b);
	const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
	return { requests: latencies.length, perSecond: Math.round(latencies.length / (durationMs / 1000)), p50: pct(50), p95: pct(95), p99: pct(99), errors, firstError };
}
