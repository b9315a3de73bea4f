/**
 * Fixed-window counters in memory. One Parvis process serves one portal; when several run
 * behind a load balancer each keeps its own counters (documented in docs/deploy.md).
 */
export interface RateLimitState {
	allowed: boolean;
	limit: number;
	remaining: number;
	/** Seconds until the window resets. */
	resetSeconds: number;
}

export class RateLimiter {
	private readonly windows = new Map<string, { count: number; resetAt: number }>();

	constructor(
		readonly limit: number,
		readonly windowMs: number
	) {}

	/** Counts one hit for `key` and says whether it is still within the limit. */
	hit(key: string, now = Date.now()): RateLimitState {
		const window = this.current(key, now);
		window.count += 1;
		return this.state(window, now);
	}

	/** The state without counting a hit (e.g. refuse before checking a password). */
	peek(key: string, now = Date.now()): RateLimitState {
		const window = this.windows.get(key);
		if (!window || window.resetAt <= now) return { allowed: true, limit: this.limit, remaining: this.limit, resetSeconds: 0 };
		return { ...this.state(window, now), allowed: window.count < this.limit };
	}

	reset(key: string) {
		this.windows.delete(key);
	}

	private current(key: string, now: number) {
		let window = this.windows.get(key);
		if (!window || window.resetAt <= now) {
			if (this.windows.size > 50_000) this.sweep(now);
			window = { count: 0, resetAt: now + this.windowMs };
			this.windows.set(key, window);
		}
		return window;
	}

	private state(window: { count: number; resetAt: number }, now: number): RateLimitState {
		return {
			allowed: window.count <= this.limit,
			limit: this.limit,
			remaining: Math.max(0, this.limit - window.count),
			resetSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000))
		};
	}

	private sweep(now: number) {
		for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
	}
}

/** The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers). */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
	const headers: Record<string, string> = {
		'RateLimit-Limit': String(state.limit),
		'RateLimit-Remaining': String(state.remaining),
		'RateLimit-Reset': String(state.resetSeconds)
	};
	if (!state.allowed) headers['Retry-After'] = String(state.resetSeconds);
	return headers;
}
