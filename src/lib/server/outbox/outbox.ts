import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { outboxJobs } from '../db/schema.js';

export type OutboxHandler = (payload: Record<string, unknown>) => Promise<void>;

export const MAX_ATTEMPTS = 8;

/** Writes a job in the caller's transaction: it exists if and only if the change committed. */
export async function enqueue(tx: DbOrTx, kind: string, payload: Record<string, unknown>, runAt?: Date) {
	await tx.insert(outboxJobs).values({ kind, payload, ...(runAt ? { runAt } : {}) });
}

/** 30 s, 1 min, 2 min, … capped at 1 h. */
export function backoffMs(attempts: number) {
	return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Claims due jobs one at a time (`FOR UPDATE SKIP LOCKED`, so several workers never deliver
 * the same job) and runs their handler; a failure is retried with backoff, then marked dead.
 */
export async function runDueJobs(db: Db, handlers: Record<string, OutboxHandler>, now = () => new Date(), max = 50) {
	let processed = 0;
	while (processed < max) {
		const done = await db.transaction(async (tx) => {
			const [job] = await tx
				.select()
				.from(outboxJobs)
				.where(and(eq(outboxJobs.status, 'pending'), lte(outboxJobs.runAt, now())))
				.orderBy(asc(outboxJobs.runAt))
				.limit(1)
				.for('update', { skipLocked: true });
			if (!job) return false;
			const handler = handlers[job.kind];
			const attempts = job.attempts + 1;
			try {
				if (!handler) throw new Error(`no handler for outbox job kind "${job.kind}"`);
				await handler(job.payload);
				await tx
					.update(outboxJobs)
					.set({ status: 'done', attempts, doneAt: now(), lastError: null })
					.where(eq(outboxJobs.id, job.id));
			} catch (error) {
				const dead = attempts >= MAX_ATTEMPTS;
				await tx
					.update(outboxJobs)
					.set({
						status: dead ? 'dead' : 'pending',
						attempts,
						lastError: error instanceof Error ? error.message : String(error),
						runAt: new Date(now().getTime() + backoffMs(attempts))
					})
					.where(eq(outboxJobs.id, job.id));
			}
			return true;
		});
		if (!done) break;
		processed += 1;
	}
	return processed;
}

export interface OutboxWorker {
	/** Look for work now rather than at the next poll (called after a commit that enqueued). */
	kick(): void;
	/** Finishes the job in hand and stops polling. */
	stop(): Promise<void>;
}

export function startOutboxWorker(db: Db, handlers: Record<string, OutboxHandler>, pollMs: number): OutboxWorker {
	let running: Promise<unknown> = Promise.resolve();
	let stopped = false;
	let again = false;
	const tick = () => {
		if (stopped) return running;
		again = true;
		running = running.then(async () => {
			while (again && !stopped) {
				again = false;
				try {
					await runDueJobs(db, handlers);
				} catch (error) {
					console.error('[outbox]', error);
				}
			}
		});
		return running;
	};
	const timer = setInterval(tick, pollMs);
	timer.unref();
	tick();
	return {
		kick: () => void tick(),
		async stop() {
			stopped = true;
			clearInterval(timer);
			await running;
		}
	};
}

export async function countPendingJobs(db: DbOrTx) {
	const [row] = await db
		.select({ count: sql<number>`count(*)::int` })
		.from(outboxJobs)
		.where(eq(outboxJobs.status, 'pending'));
	return row.count;
}
