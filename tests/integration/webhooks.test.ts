/**
 * Webhook delivery rules, driven with a clock passed in (as the outbox tests do) against a real
 * local HTTP receiver: retries follow the Standard Webhooks schedule with one constant
 * `webhook-id`, a 410 disables the endpoint, every attempt is recorded, and a redelivery keeps
 * the id. Deliveries are written in the emitting transaction: a rolled-back change sends nothing.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxJobs, webhookAttempts, webhookDeliveries, webhookEndpoints } from '#lib/server/db/schema.js';
import { runDueJobs } from '#lib/server/outbox/outbox.js';
import { createEndpoint, emitWebhookEvent, listDeliveries, redeliver, WEBHOOK_JOB, WEBHOOK_RETRY_DELAYS_MS, webhookHandlers } from '#lib/server/webhooks/webhooks.js';
import { seedCommunity, type Community } from '../support/community.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

let database: TestDatabase;
let world: Community;
let receiver: WebhookReceiver;

beforeAll(async () => {
	database = await createTestDatabase('empty');
	world = await seedCommunity(database.db, { citizens: 0 });
	receiver = await startWebhookReceiver();
}, 60_000);
afterAll(async () => {
	await receiver?.close();
	await database?.close();
});

/** A minute ahead of the database clock, which stamps new jobs due "now". */
const start = new Date(Date.now() + 60_000);
let clock = start;
/** The receiver listens on loopback, which deliveries may reach only when allowed. */
const loopback = { allowPrivateNetworks: true };
const handlers = () => webhookHandlers(database.db, { outbound: loopback, now: () => clock });
const at = (ms: number) => () => (clock = new Date(start.getTime() + ms));

describe('webhook deliveries', () => {
	it('retries a receiver answering 500 three times on schedule; it gets one successful delivery with a constant webhook-id', async () => {
		const { db } = database;
		const { endpoint, secret } = await createEndpoint(db, world.organisationId, null, { url: receiver.url, description: '', event_types: ['act.published'] }, loopback);
		receiver.secret = secret;
		receiver.answers = [500, 500, 500];
		await db.transaction((tx) => emitWebhookEvent(tx, world.organisationId, 'act.published', { number: 'DEL-2026-001' }, start));
		// Not subscribed: nothing queued.
		expect(await db.transaction((tx) => emitWebhookEvent(tx, world.organisationId, 'meeting.published', {}, start))).toBe(0);

		expect(WEBHOOK_RETRY_DELAYS_MS.slice(0, 4)).toEqual([5_000, 300_000, 1_800_000, 7_200_000]);
		expect(await runDueJobs(db, handlers(), at(0))).toBe(1);
		expect(await runDueJobs(db, handlers(), at(4_999))).toBe(0);
		expect(await runDueJobs(db, handlers(), at(5_000))).toBe(1);
		expect(await runDueJobs(db, handlers(), at(5_000 + 299_999))).toBe(0);
		expect(await runDueJobs(db, handlers(), at(305_000))).toBe(1);
		expect(await runDueJobs(db, handlers(), at(305_000 + 1_800_000))).toBe(1);
		expect(await runDueJobs(db, handlers(), at(10 * 86_400_000))).toBe(0);

		expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 500, 200]);
		expect(receiver.received.filter((r) => r.status === 200)).toHaveLength(1);
		expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
		expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
		expect(receiver.received.every((r) => r.verified)).toBe(true);
		// Each attempt is signed at its own time.
		expect(receiver.received.map((r) => Number(r.timestamp) - Math.floor(start.getTime() / 1000))).toEqual([0, 5, 305, 2105]);

		const [{ delivery, attempts }] = await listDeliveries(db, endpoint.id);
		expect(delivery).toMatchObject({ status: 'succeeded', attempts: 4, lastResponseStatus: 200, nextAttemptAt: null });
		expect(attempts.map((a) => a.responseStatus).reverse()).toEqual([500, 500, 500, 200]);
		expect(attempts.map((a) => a.nextRetryAt && a.nextRetryAt.getTime() - start.getTime()).reverse()).toEqual([5_000, 305_000, 2_105_000, null]);

		// Redelivery: same webhook-id, a new attempt.
		await redeliver(db, delivery, endpoint, clock);
		expect(await runDueJobs(db, handlers(), at(10 * 86_400_000))).toBe(1);
		expect(receiver.received.at(-1)!.id).toBe(receiver.received[0].id);
		expect((await listDeliveries(db, endpoint.id))[0].delivery.attempts).toBe(5);
		await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
	});

	it('disables the endpoint on 410 Gone and stops delivering to it', async () => {
		const { db } = database;
		receiver.received.length = 0;
		const { endpoint, secret } = await createEndpoint(db, world.organisationId, null, { url: receiver.url, description: '', event_types: [] }, loopback);
		receiver.secret = secret;
		receiver.answers = [410];
		await db.transaction((tx) => emitWebhookEvent(tx, world.organisationId, 'act.withdrawn', { number: 'DEL-2026-001' }, clock));
		expect(await runDueJobs(db, handlers(), at(10 * 86_400_000))).toBe(1);
		const [stored] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
		expect(stored).toMatchObject({ enabled: false, disabledReason: 'HTTP 410 Gone' });
		const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
		expect(delivery).toMatchObject({ status: 'failed', lastResponseStatus: 410, nextAttemptAt: null });
		const jobs = await db.select().from(outboxJobs).where(eq(outboxJobs.kind, WEBHOOK_JOB));
		expect(jobs.filter((j) => j.status === 'dead')).toHaveLength(1);
		// A disabled endpoint gets nothing new, and cannot be redelivered to until re-enabled.
		expect(await db.transaction((tx) => emitWebhookEvent(tx, world.organisationId, 'act.published', {}, clock))).toBe(0);
		await expect(redeliver(db, delivery, stored)).rejects.toMatchObject({ code: 'conflict' });
		expect(receiver.received).toHaveLength(1);
	});

	it('writes nothing when the emitting transaction rolls back', async () => {
		const { db } = database;
		const { endpoint } = await createEndpoint(db, world.organisationId, null, { url: receiver.url, description: '', event_types: [] }, loopback);
		const before = (await db.select().from(outboxJobs)).length;
		await expect(
			db.transaction(async (tx) => {
				await emitWebhookEvent(tx, world.organisationId, 'act.published', {}, clock);
				throw new Error('adoption failed');
			})
		).rejects.toThrow('adoption failed');
		expect((await db.select().from(outboxJobs)).length).toBe(before);
		expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id))).toEqual([]);
		expect((await db.select().from(webhookAttempts)).length).toBeGreaterThan(0);
	});
});
