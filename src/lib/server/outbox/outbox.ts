import { and, asc, eq, lte, ne } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import { outboxJobs } from '../db/schema.js';

/** The job being delivered: its id is stable across retries (an idempotency key for peers). */
export interface OutboxJobContext {
	id: string;
	/** 1 on the first try. */
	attempt: number;
}

export type OutboxDeliver = (payload: Record<string, unknown>, job: OutboxJobContext) => Promise<void>;

/**
 * Delivers one job's payload to the outside world (SMTP, a webhook, a homeserver…). The object form
 * sets the kind's own retry schedule: `retryDelaysMs[n]` is the wait after the (n+1)-th failure,
 * and the job is dead once the schedule is exhausted.
 */
export type OutboxHandler = OutboxDeliver | { deliver: OutboxDeliver; retryDelaysMs: readonly number[] };

/** Thrown by a handler when retrying cannot help (e.g. HTTP 410 Gone): the job is dead at once. */
export class PermanentDeliveryError extends Error {}

/** Thrown by a handler when the peer asked to wait (HTTP 429 / 503 with a delay): the next try is not sooner. */
export class RetryLaterError extends Error {
	constructor(
		message: string,
		readonly retryAfterMs: number
	) {
		super(message);
	}
}

export const MAX_ATTEMPTS = 8;

/** Writes a job in the caller's transaction: it exists if and only if the change committed. */
export async function enqueue(tx: DbOrTx, kind: string, payload: Record<string, unknown>, runAt?: Date) {
	await tx.insert(outboxJobs).values({ kind, payload, ...(runAt ? { runAt } : {}) });
}

/**
 * For recurring jobs: enqueues one of `kind` unless one is already pending. A handler that
 * schedules its own next run passes its job id as `exceptId` (it is itself still pending then).
 */
export async function enqueueOnce(db: Db, kind: string, payload: Record<string, unknown>, runAt: Date, exceptId?: string) {
	await db.transaction(async (tx) => {
		const [pending] = await tx
			.select({ id: outboxJobs.id })
			.from(outboxJobs)
			.where(and(eq(outboxJobs.kind, kind), eq(outboxJobs.status, 'pending'), exceptId ? ne(outboxJobs.id, exceptId) : undefined))
			.limit(1);
		if (!pending) await enqueue(tx, kind, payload, runAt);
	});
}

/** 30 s, 1 min, 2 min, … capped at 1 h. */
export function backoffMs(attempts: number) {
	return Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * How long a claimed job stays invisible to other workers. The worker renews it every
 * `LEASE_RENEW_MS` while the delivery runs, so a slow peer keeps its job, and a worker that died
 * (killed mid-delivery) lets another worker, or itself after a restart, take the job within a lease.
 */
export const LEASE_MS = 30_000;
export const LEASE_RENEW_MS = 10_000;

/**
 * Claims due jobs one at a time in a short transaction (`FOR UPDATE SKIP LOCKED`, so several
 * workers never take the same job) that pushes `run_at` one lease ahead, then delivers outside any
 * transaction: a slow peer never holds a database lock (on PGlite, the only connection); the lease
 * is renewed while the delivery runs. Delivery is at least once; a failure is retried with backoff,
 * then the job is marked dead.
 */
export async function runDueJobs(db: Db, handlers: Record<string, OutboxHandler>, now = () => new Date(), max = 50) {
	let processed = 0;
	while (processed < max) {
		const job = await db.transaction(async (tx) => {
			const [due] = await tx
				.select()
				.from(outboxJobs)
				.where(and(eq(outboxJobs.status, 'pending'), lte(outboxJobs.runAt, now())))
				.orderBy(asc(outboxJobs.runAt))
				.limit(1)
				.for('update', { skipLocked: true });
			if (!due) return undefined;
			const attempts = due.attempts + 1;
			await tx
				.update(outboxJobs)
				.set({ attempts, runAt: new Date(now().getTime() + LEASE_MS) })
				.where(eq(outboxJobs.id, due.id));
			return { ...due, attempts };
		});
		if (!job) break;
		const handler = handlers[job.kind];
		const lease = renewLease(db, job.id, now);
		try {
			if (!handler) throw new Error(`no handler for outbox job kind "${job.kind}"`);
			const deliver = typeof handler === 'function' ? handler : handler.deliver;
			await deliver(job.payload, { id: job.id, attempt: job.attempts });
			await lease.end();
			await db.update(outboxJobs).set({ status: 'done', doneAt: now(), lastError: null }).where(eq(outboxJobs.id, job.id));
		} catch (error) {
			await lease.end();
			const delay =
				handler && typeof handler !== 'function'
					? handler.retryDelaysMs[job.attempts - 1]
					: job.attempts < MAX_ATTEMPTS
						? backoffMs(job.attempts)
						: undefined;
			const dead = error instanceof PermanentDeliveryError || delay === undefined;
			const wait = error instanceof RetryLaterError ? Math.max(delay ?? 0, error.retryAfterMs) : (delay ?? 0);
			await db
				.update(outboxJobs)
				.set({
					status: dead ? 'dead' : 'pending',
					lastError: error instanceof Error ? error.message : String(error),
					runAt: new Date(now().getTime() + wait)
				})
				.where(eq(outboxJobs.id, job.id));
		}
		processed += 1;
	}
	return processed;
}

/** Keeps pushing a claimed job's `run_at` ahead until `end()`, which also waits for a renewal in flight. */
function renewLease(db: Db, jobId: string, now: () => Date) {
	let inFlight: Promise<unknown> = Promise.resolve();
	const timer = setInterval(() => {
		inFlight = db
			.update(outboxJobs)
			.set({ runAt: new Date(now().getTime() + LEASE_MS) })
			.where(eq(outboxJobs.id, jobId))
			.catch((error) => console.error('[outbox] lease renewal', error));
	}, LEASE_RENEW_MS);
	return {
		async end() {
			clearInterval(timer);
			await inFlight;
		}
	};
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
