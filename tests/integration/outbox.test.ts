import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxJobs } from '#lib/server/db/schema.js';
import { enqueue, PermanentDeliveryError, runDueJobs, type OutboxJobContext } from '#lib/server/outbox/outbox.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

// The worker's retry rules, driven with a clock passed in (the worker itself runs in every server
// the other tests start).
let database: TestDatabase;
beforeAll(async () => {
	database = await createTestDatabase('empty');
});
afterAll(async () => {
	await database?.close();
});

describe('outbox retries', () => {
	it('follows a kind’s own schedule, keeps the job id across attempts, and stops when it runs out', async () => {
		const { db } = database;
		const start = new Date('2026-11-22T10:00:00Z');
		let clock = start;
		const seen: OutboxJobContext[] = [];
		const handlers = {
			'test.flaky': {
				retryDelaysMs: [5_000, 60_000],
				async deliver(_payload: Record<string, unknown>, job: OutboxJobContext) {
					seen.push(job);
					throw new Error('receiver down');
				}
			}
		};
		await enqueue(db, 'test.flaky', { n: 1 }, start);
		const at = (ms: number) => () => (clock = new Date(start.getTime() + ms));

		expect(await runDueJobs(db, handlers, at(0))).toBe(1);
		expect(await runDueJobs(db, handlers, at(4_999))).toBe(0);
		expect(await runDueJobs(db, handlers, at(5_000))).toBe(1);
		expect(await runDueJobs(db, handlers, at(64_999))).toBe(0);
		expect(await runDueJobs(db, handlers, at(65_000))).toBe(1);

		const [job] = await db.select().from(outboxJobs).where(eq(outboxJobs.kind, 'test.flaky'));
		expect(job.status).toBe('dead');
		expect(job.lastError).toBe('receiver down');
		expect(seen.map((s) => s.attempt)).toEqual([1, 2, 3]);
		expect(new Set(seen.map((s) => s.id))).toEqual(new Set([job.id]));
		expect(clock.getTime() - start.getTime()).toBe(65_000);
	});

	it('gives up at once on a permanent failure', async () => {
		const { db } = database;
		const now = () => new Date('2026-11-22T11:00:00Z');
		await enqueue(db, 'test.gone', {}, now());
		const handlers = {
			'test.gone': async () => {
				throw new PermanentDeliveryError('410 Gone');
			}
		};
		expect(await runDueJobs(db, handlers, now)).toBe(1);
		const [job] = await db.select().from(outboxJobs).where(eq(outboxJobs.kind, 'test.gone'));
		expect(job).toMatchObject({ status: 'dead', attempts: 1, lastError: '410 Gone' });
	});
});
