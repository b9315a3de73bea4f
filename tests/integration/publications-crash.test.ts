/**
 * A publication is never lost to a crash: the server is SIGKILLed while its first webhook delivery
 * hangs on a receiver that is not answering yet, then restarted on the same database. The outbox
 * takes the job back once the dead worker's lease runs out, and the receiver gets exactly one
 * verified delivery, under the `webhook-id` recorded when the act was adopted.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { outboxJobs, webhookDeliveries } from '#lib/server/db/schema.js';
import { messageId, WEBHOOK_JOB } from '#lib/server/webhooks/webhooks.js';
import { LEASE_MS } from '#lib/server/outbox/outbox.js';
import { startRegisterWorld, type RegisterWorld } from '../support/register.js';
import { waitUntil } from '../support/wait.js';

let t: RegisterWorld;
beforeAll(async () => {
	t = await startRegisterWorld();
}, 120_000);
afterAll(() => t?.dispose());

it('the process killed between publication and delivery still delivers after restart, exactly once', async () => {
	const { server, receiver, api, organisationSlug } = t;
	const hook = await api('POST', `/api/v1/organisations/${organisationSlug}/webhooks`, { url: receiver.url, description: 'Archives', event_types: ['act.published'] });
	expect(hook.status, JSON.stringify(hook.body)).toBe(201);
	receiver.secret = hook.body.secret;

	// The receiver is up but does not answer yet: the first delivery hangs in flight.
	receiver.hold = true;
	const adopted = await t.adopt('Procès-verbal du conseil', 'minutes', 'Séance du conseil');
	expect(adopted.status, JSON.stringify(adopted.body)).toBe(201);
	// The webhook-id is fixed at publication, in the adoption's transaction.
	const recorded = (await api('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`)).body.items;
	expect(recorded).toHaveLength(1);
	expect(recorded[0]).toMatchObject({ event_type: 'act.published', status: 'pending', attempts: 0 });
	const webhookId: string = recorded[0].webhook_id;

	await waitUntil('the delivery hanging on the receiver', async () => (receiver.held.length ? true : undefined));
	expect(receiver.held).toEqual([webhookId]);
	await server.kill();
	expect(receiver.received).toEqual([]);

	// Between the two lives, the database holds the job, still pending, and no attempt.
	const database = await server.openDatabase();
	try {
		const [delivery] = await database.db.select().from(webhookDeliveries);
		expect(messageId(delivery.id)).toBe(webhookId);
		expect(delivery).toMatchObject({ status: 'pending', attempts: 0 });
		const jobs = await database.db.select().from(outboxJobs).where(and(eq(outboxJobs.kind, WEBHOOK_JOB), eq(outboxJobs.status, 'pending')));
		expect(jobs.map((job) => job.payload.deliveryId)).toEqual([delivery.id]);
	} finally {
		await database.close();
	}

	receiver.hold = false;
	await server.restart();
	const delivered = await waitUntil('the delivery after restart', async () => receiver.received[0], LEASE_MS + 15_000);
	expect(delivered).toMatchObject({ id: webhookId, status: 200, verified: true });
	expect(delivered.payload).toMatchObject({ type: 'act.published', data: { act_id: adopted.body.id, number: adopted.body.number } });
	const settled = await waitUntil('the delivery marked succeeded', async () => {
		const [item] = (await api('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`)).body.items;
		return item.status === 'succeeded' ? item : undefined;
	});
	expect(settled).toMatchObject({ webhook_id: webhookId, attempts: 1, last_response_status: 200, next_attempt_at: null });

	// Nothing is left to send: the job is done, so the receiver never hears of this act again.
	expect(await server.stop()).toBe(0);
	const after = await server.openDatabase();
	try {
		const jobs = await after.db.select().from(outboxJobs).where(eq(outboxJobs.kind, WEBHOOK_JOB));
		expect(jobs.map((job) => job.status)).toEqual(['done']);
	} finally {
		await after.close();
	}
	expect(receiver.received).toHaveLength(1);
	expect(receiver.held).toEqual([webhookId]);
}, LEASE_MS + 90_000);
