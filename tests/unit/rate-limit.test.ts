import { describe, expect, it } from 'vitest';
import { RateLimiter, rateLimitHeaders } from '#lib/server/http/rate-limit.js';

const MINUTE = 60_000;

describe('RateLimiter', () => {
	it('allows `limit` hits per window, then refuses until the window resets', () => {
		const limiter = new RateLimiter(3, MINUTE);
		const t0 = 1_000_000;
		expect([1, 2, 3].map(() => limiter.hit('a', t0).allowed)).toEqual([true, true, true]);
		const refused = limiter.hit('a', t0 + 10_000);
		expect(refused).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 50 });
		expect(limiter.hit('a', t0 + MINUTE).allowed).toBe(true);
	});

	it('counts each key apart', () => {
		const limiter = new RateLimiter(1, MINUTE);
		expect(limiter.hit('a', 0).allowed).toBe(true);
		expect(limiter.hit('a', 0).allowed).toBe(false);
		expect(limiter.hit('b', 0).allowed).toBe(true);
	});

	it('reports what remains', () => {
		const limiter = new RateLimiter(5, MINUTE);
		expect(limiter.hit('a', 0)).toMatchObject({ remaining: 4, limit: 5, resetSeconds: 60 });
		expect(limiter.hit('a', 30_500)).toMatchObject({ remaining: 3, resetSeconds: 30 });
	});

	it('peeks without counting, and refuses once the limit is used up', () => {
		const limiter = new RateLimiter(2, MINUTE);
		expect(limiter.peek('a', 0)).toMatchObject({ allowed: true, remaining: 2 });
		limiter.hit('a', 0);
		expect(limiter.peek('a', 0)).toMatchObject({ allowed: true, remaining: 1 });
		limiter.hit('a', 0);
		expect(limiter.peek('a', 0)).toMatchObject({ allowed: false, remaining: 0 });
		expect(limiter.peek('a', MINUTE).allowed).toBe(true);
	});

	it('forgets a key on reset', () => {
		const limiter = new RateLimiter(1, MINUTE);
		limiter.hit('a', 0);
		limiter.reset('a');
		expect(limiter.hit('a', 0).allowed).toBe(true);
	});
});

describe('rateLimitHeaders', () => {
	it('gives the RateLimit fields, and Retry-After only when refused', () => {
		expect(rateLimitHeaders({ allowed: true, limit: 10, remaining: 7, resetSeconds: 42 })).toEqual({
			'RateLimit-Limit': '10',
			'RateLimit-Remaining': '7',
			'RateLimit-Reset': '42'
		});
		expect(rateLimitHeaders({ allowed: false, limit: 10, remaining: 0, resetSeconds: 42 })).toMatchObject({ 'Retry-After': '42' });
	});
});
