import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { translate } from '#lib/i18n/index.js';
import { ApiError } from '#lib/server/api/errors.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { outboxJobs, streetReportCategories, streetReportConnectors, streetReportEvents, streetReportForwardings, streetReports } from '#lib/server/db/schema.js';
import { queueMail } from '#lib/server/mail/mail.js';
import { enqueue, enqueueOnce, PermanentDeliveryError, RetryLaterError, type OutboxHandler, type OutboxJobContext } from '#lib/server/outbox/outbox.js';
import { webhookHeaders } from '#lib/server/webhooks/standard-webhooks.js';
import { getRuntime } from '#lib/server/runtime.js';
import { OutboundRefusedError, outboundRequest, type OutboundResponse } from '#lib/server/http/outbound.js';
import { openStatuses, type StreetReportStatus } from '../schema.js';
import { lineage, listCategories } from './categories.js';
import { firstPhotoUrl } from './photos.js';
import { applyStatus, type StreetReport } from './reports.js';

export const FORWARD_JOB = 'streetreport.forward';
export const POLL_JOB = 'streetreport.poll';
/** As FixMyStreet does: a first retry after 5 minutes, then every 30 minutes for two days. */
export const FORWARD_RETRY_DELAYS_MS: readonly number[] = [5 * 60_000, ...Array.from({ length: 96 }, () => 30 * 60_000)];
const REQUEST_TIMEOUT_MS = 15_000;

type Connector = typeof streetReportConnectors.$inferSelect;
type Forwarding = typeof streetReportForwardings.$inferSelect;

/** The connector of the organisation for the report's category (or a parent), else its general one. */
export async function connectorFor(tx: DbOrTx, organisationId: string, categoryId: string): Promise<Connector | undefined> {
	const chain = lineage(await listCategories(tx), categoryId);
	const rows = await tx
		.select()
		.from(streetReportConnectors)
		.where(
			and(
				eq(streetReportConnectors.organisationId, organisationId),
				eq(streetReportConnectors.enabled, true),
				or(isNull(streetReportConnectors.categoryId), inArray(streetReportConnectors.categoryId, chain))
			)
		);
	const rank = (c: Connector) => (c.categoryId ? chain.indexOf(c.categoryId) : chain.length);
	return rows.sort((a, b) => rank(a) - rank(b))[0];
}

/** In the report's transaction: one forwarding per (report, connector), delivered by the outbox. */
export async function scheduleForwarding(tx: DbOrTx, report: StreetReport, now: Date) {
	if (!report.organisationId) return;
	const connector = await connectorFor(tx, report.organisationId, report.categoryId);
	if (!connector) return;
	const [forwarding] = await tx
		.insert(streetReportForwardings)
		.values({ reportId: report.id, connectorId: connector.id, createdAt: now, updatedAt: now })
		.onConflictDoNothing()
		.returning({ id: streetReportForwardings.id });
	if (forwarding) await enqueue(tx, FORWARD_JOB, { forwardingId: forwarding.id }, now);
}

/** An Open311 error body `[{code, description}]` as one line. */
async function open311Error(response: Response) {
	const text = await response.text().catch(() => '');
	try {
		const body = JSON.parse(text);
		const errors = Array.isArray(body) ? body : (body?.errors ?? [body]);
		const described = errors.filter((e: any) => e && (e.description || e.code)).map((e: any) => `${e.code ?? response.status} ${e.description ?? ''}`.trim());
		if (described.length) return `HTTP ${response.status}: ${described.join('; ')}`;
	} catch {
		// not JSON: fall through to the raw text
	}
	return `HTTP ${response.status}: ${text.slice(0, 200) || response.statusText}`;
}

/** Retry what may pass (5xx, 408, 429, network); give up at once on what will not (other 4xx). */
async function failure(response: Response): Promise<Error> {
	const message = await open311Error(response);
	if (response.status === 429 || response.status === 503) {
		const after = Number(response.headers.get('retry-after'));
		if (Number.isFinite(after) && after > 0) return new RetryLaterError(message, after * 1000);
	}
	if (response.status >= 500 || response.status === 408 || response.status === 429) return new Error(message);
	return new PermanentDeliveryError(message);
}

const endpoint = (connector: Connector, path: string) => `${connector.url!.replace(/\/+$/, '')}/${path}`;

/** A reporting service's answer is a short JSON document: more is cut. */
const MAX_ANSWER_BYTES = 1_000_000;

/** One request to a reporting service through the outbound guard (no redirects, no private addresses unless allowed), as a `Response`. */
async function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | URLSearchParams } = {}) {
	let answer: OutboundResponse;
	try {
		answer = await outboundRequest(
			url,
			{ method: init.method ?? 'GET', headers: init.headers ?? {}, body: String(init.body ?? ''), timeoutMs: REQUEST_TIMEOUT_MS, maxBodyBytes: MAX_ANSWER_BYTES },
			getRuntime().config.outbound
		);
	} catch (error) {
		if (error instanceof OutboundRefusedError) throw new PermanentDeliveryError(error.message);
		throw new Error(`unreachable: ${(error as Error).cause ?? (error as Error).message}`);
	}
	if (answer.status < 200 || answer.status > 599) throw new Error(`unreachable: HTTP ${answer.status}`);
	const headers = new Headers();
	for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
	const empty = answer.status === 204 || answer.status === 205 || answer.status === 304;
	return new Response(empty ? null : new Uint8Array(answer.body ?? Buffer.alloc(0)), { status: answer.status, headers });
}

/** GeoReport v2 `tokens/{token}.json`: the id once the service has made the request. */
async function resolveToken(connector: Connector, token: string): Promise<string | null> {
	const url = new URL(endpoint(connector, `tokens/${encodeURIComponent(token)}.json`));
	url.searchParams.set('api_key', connector.apiKey ?? '');
	if (connector.jurisdictionId) url.searchParams.set('jurisdiction_id', connector.jurisdictionId);
	const response = await call(url.toString(), { headers: { accept: 'application/json' } });
	if (response.status === 404) return null;
	if (!response.ok) throw await failure(response);
	const [entry] = (await response.json()) as { service_request_id?: string | number }[];
	return entry?.service_request_id != null ? String(entry.service_request_id) : null;
}

/** GeoReport v2 `POST requests.json`, form-encoded. */
async function postOpen311(connector: Connector, report: StreetReport, serviceCode: string, siteUrl: string, mediaUrl: string | null) {
	const form = new URLSearchParams({
		api_key: connector.apiKey ?? '',
		service_code: connector.serviceCode ?? serviceCode,
		lat: String(report.latitude),
		long: String(report.longitude),
		description: report.description,
		'attribute[parvis_id]': report.id,
		'attribute[parvis_tracking_code]': report.trackingCode,
		'attribute[parvis_url]': `${siteUrl}/signalements/${report.id}`
	});
	if (connector.jurisdictionId) form.set('jurisdiction_id', connector.jurisdictionId);
	if (report.address) form.set('address_string', report.address);
	if (mediaUrl) form.set('media_url', mediaUrl);
	if (report.contactEmail) form.set('email', report.contactEmail);
	if (report.contactPhone) form.set('phone', report.contactPhone);
	if (report.contactName) {
		const [first, ...last] = report.contactName.split(' ');
		form.set('first_name', first);
		if (last.length) form.set('last_name', last.join(' '));
	}
	const response = await call(endpoint(connector, 'requests.json'), {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
		body: form
	});
	if (!response.ok) throw await failure(response);
	const body = (await response.json().catch(() => null)) as { service_request_id?: string | number; token?: string }[] | null;
	const entry = Array.isArray(body) ? body[0] : undefined;
	if (entry?.service_request_id != null) return { serviceRequestId: String(entry.service_request_id), token: entry.token ?? null };
	if (entry?.token) return { serviceRequestId: null, token: String(entry.token) };
	throw new PermanentDeliveryError(`HTTP ${response.status}: neither service_request_id nor token in the answer`);
}

function publicPayload(report: StreetReport, category: { slug: string; nameFr: string }, siteUrl: string) {
	return {
		id: report.id,
		tracking_code: report.trackingCode,
		category: category.slug,
		category_name: category.nameFr,
		latitude: report.latitude,
		longitude: report.longitude,
		address: report.address,
		description: report.description,
		contact: { name: report.contactName, email: report.contactEmail, phone: report.contactPhone },
		created_at: report.createdAt.toISOString(),
		url: `${siteUrl}/signalements/${report.id}`
	};
}

async function markSent(db: Db, forwarding: Forwarding, connector: Connector, ids: { serviceRequestId?: string | null; token?: string | null }) {
	await db.transaction(async (tx) => {
		await tx
			.update(streetReportForwardings)
			.set({ status: 'sent', serviceRequestId: ids.serviceRequestId ?? null, token: ids.token ?? null, sentAt: new Date(), lastError: null, updatedAt: new Date() })
			.where(eq(streetReportForwardings.id, forwarding.id));
		const [report] = await tx.select({ organisationId: streetReports.organisationId }).from(streetReports).where(eq(streetReports.id, forwarding.reportId));
		await tx.insert(streetReportEvents).values({
			reportId: forwarding.reportId,
			type: 'forwarded',
			organisationId: report?.organisationId ?? null,
			source: connector.kind,
			privateComment: ids.serviceRequestId ? `service_request_id ${ids.serviceRequestId}` : null
		});
	});
}

/**
 * Sends one forwarding. Its row says what was done already, so a retried job never sends twice:
 * `sent` with an id is finished; a token alone is resolved rather than posted again.
 */
async function deliverForwarding(db: Db, forwardingId: string, siteUrl: string, job: OutboxJobContext) {
	const [row] = await db
		.select({ forwarding: streetReportForwardings, connector: streetReportConnectors, report: streetReports, category: streetReportCategories })
		.from(streetReportForwardings)
		.innerJoin(streetReportConnectors, eq(streetReportConnectors.id, streetReportForwardings.connectorId))
		.innerJoin(streetReports, eq(streetReports.id, streetReportForwardings.reportId))
		.innerJoin(streetReportCategories, eq(streetReportCategories.id, streetReports.categoryId))
		.where(eq(streetReportForwardings.id, forwardingId));
	if (!row) return;
	const { forwarding, connector, report, category } = row;
	await db.update(streetReportForwardings).set({ attempts: job.attempt, updatedAt: new Date() }).where(eq(streetReportForwardings.id, forwarding.id));
	if (forwarding.status === 'sent' && (connector.kind !== 'open311' || forwarding.serviceRequestId)) return;
	if (connector.kind === 'open311') {
		if (forwarding.token) {
			const id = await resolveToken(connector, forwarding.token);
			if (!id) throw new Error(`token ${forwarding.token} not yet resolved by the service`);
			return markSent(db, forwarding, connector, { serviceRequestId: id, token: forwarding.token });
		}
		const result = await postOpen311(connector, report, category.slug, siteUrl, await firstPhotoUrl(db, report.id, siteUrl));
		if (result.serviceRequestId) return markSent(db, forwarding, connector, result);
		// Keep the token first, so a retry asks for it instead of posting again.
		await db.update(streetReportForwardings).set({ token: result.token, updatedAt: new Date() }).where(eq(streetReportForwardings.id, forwarding.id));
		const id = await resolveToken(connector, result.token!);
		if (!id) throw new Error(`token ${result.token} not yet resolved by the service`);
		return markSent(db, forwarding, connector, { serviceRequestId: id, token: result.token });
	}
	if (connector.kind === 'webhook') {
		const body = JSON.stringify({ type: 'issue_report.created', timestamp: new Date().toISOString(), data: publicPayload(report, category, siteUrl) });
		const response = await call(connector.url!, { method: 'POST', headers: { 'content-type': 'application/json', ...webhookHeaders(connector.secret ?? '', forwarding.id, body) }, body });
		if (!response.ok) throw await failure(response);
		return markSent(db, forwarding, connector, {});
	}
	// E-mail: queued with the forwarding marked sent, in one transaction; the mail job retries SMTP.
	await db.transaction(async (tx) => {
		const [locked] = await tx.select().from(streetReportForwardings).where(eq(streetReportForwardings.id, forwarding.id)).for('update');
		if (locked.status === 'sent') return;
		const payload = publicPayload(report, category, siteUrl);
		await queueMail(tx, {
			to: connector.email!,
			subject: translate('fr', 'streetreports.mail.forwardSubject', { category: category.nameFr, code: report.trackingCode }),
			text: translate('fr', 'streetreports.mail.forwardBody', {
				category: category.nameFr,
				description: report.description,
				address: report.address ?? '—',
				point: `${report.latitude}, ${report.longitude}`,
				contact: [report.contactName, report.contactEmail, report.contactPhone].filter(Boolean).join(', ') || '—',
				url: payload.url
			})
		});
		await tx.update(streetReportForwardings).set({ status: 'sent', sentAt: new Date(), lastError: null, updatedAt: new Date() }).where(eq(streetReportForwardings.id, forwarding.id));
		await tx.insert(streetReportEvents).values({ reportId: report.id, type: 'forwarded', organisationId: report.organisationId, source: 'email' });
	});
}

/**
 * Maps a reporting service's status (GeoReport v2 `open`/`closed`, or FixMyStreet's extended
 * statuses) onto Parvis's; unknown values change nothing.
 */
export function mapServiceStatus(value: string): StreetReportStatus | null {
	const status = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
	const map: Record<string, StreetReportStatus> = {
		open: 'received',
		received: 'received',
		confirmed: 'received',
		investigating: 'in_progress',
		in_progress: 'in_progress',
		action_scheduled: 'in_progress',
		closed: 'resolved',
		fixed: 'resolved',
		resolved: 'resolved',
		duplicate: 'duplicate',
		not_councils_responsibility: 'not_competent',
		not_responsible: 'not_competent',
		not_competent: 'not_competent',
		internal_referral: 'not_competent',
		no_further_action: 'rejected',
		unable_to_fix: 'rejected',
		rejected: 'rejected',
		wont_fix: 'rejected'
	};
	return map[status] ?? null;
}

/** `GET requests.json?service_request_id=a,b,…` for each Open311 connector's open, sent reports. */
export async function pollServices(db: Db) {
	const rows = await db
		.select({ forwarding: streetReportForwardings, connector: streetReportConnectors })
		.from(streetReportForwardings)
		.innerJoin(streetReportConnectors, eq(streetReportConnectors.id, streetReportForwardings.connectorId))
		.innerJoin(streetReports, eq(streetReports.id, streetReportForwardings.reportId))
		.where(
			and(
				eq(streetReportConnectors.kind, 'open311'),
				eq(streetReportForwardings.status, 'sent'),
				sql`${streetReportForwardings.serviceRequestId} is not null`,
				inArray(streetReports.status, [...openStatuses]),
				eq(streetReports.organisationId, streetReportConnectors.organisationId)
			)
		)
		.orderBy(asc(streetReportForwardings.connectorId));
	const byConnector = new Map<string, { connector: Connector; forwardings: Forwarding[] }>();
	for (const { forwarding, connector } of rows) {
		const entry = byConnector.get(connector.id) ?? { connector, forwardings: [] };
		entry.forwardings.push(forwarding);
		byConnector.set(connector.id, entry);
	}
	let changed = 0;
	const problems: string[] = [];
	for (const { connector, forwardings } of byConnector.values()) {
		for (let i = 0; i < forwardings.length; i += 50) {
			const batch = forwardings.slice(i, i + 50);
			try {
				changed += await pollBatch(db, connector, batch);
			} catch (error) {
				problems.push(`${connector.url}: ${(error as Error).message}`);
			}
		}
	}
	if (problems.length) console.warn('[streetreports] polling:', problems.join('; '));
	return changed;
}

async function pollBatch(db: Db, connector: Connector, batch: Forwarding[]) {
	const url = new URL(endpoint(connector, 'requests.json'));
	url.searchParams.set('service_request_id', batch.map((f) => f.serviceRequestId).join(','));
	url.searchParams.set('api_key', connector.apiKey ?? '');
	if (connector.jurisdictionId) url.searchParams.set('jurisdiction_id', connector.jurisdictionId);
	// GeoReport v2 extensions: another Parvis then gives its finer status (in progress, rejected…).
	url.searchParams.set('extensions', 'true');
	const response = await call(url.toString(), { headers: { accept: 'application/json' } });
	if (!response.ok) throw await failure(response);
	const requests = (await response.json()) as {
		service_request_id?: string | number;
		status?: string;
		status_notes?: string | null;
		updated_datetime?: string;
		extended_attributes?: { parvis_status?: string };
	}[];
	let changed = 0;
	for (const request of Array.isArray(requests) ? requests : []) {
		const forwarding = batch.find((f) => f.serviceRequestId === String(request.service_request_id));
		const serviceStatus = request.extended_attributes?.parvis_status ?? request.status;
		if (!forwarding || !serviceStatus) continue;
		const seen = `${serviceStatus}|${request.status_notes ?? ''}`;
		const status = mapServiceStatus(serviceStatus);
		if (!status || forwarding.externalStatus === seen) continue;
		const applied = await db.transaction(async (tx) => {
			await tx.update(streetReportForwardings).set({ externalStatus: seen, updatedAt: new Date() }).where(eq(streetReportForwardings.id, forwarding.id));
			const [report] = await tx.select({ status: streetReports.status }).from(streetReports).where(eq(streetReports.id, forwarding.reportId)).for('update');
			// The service's plain "open" on a report Parvis already knows as open is no news.
			if ((report.status === status || (status === 'received' && openStatuses.includes(report.status))) && !request.status_notes) return false;
			await applyStatus(tx, forwarding.reportId, { status, publicComment: request.status_notes ?? '', source: 'open311', externalId: `poll:${seen}` });
			return true;
		});
		if (applied) changed += 1;
	}
	return changed;
}

/**
 * An update pushed by a reporting service (shaped like FixMyStreet's `servicerequestupdates`):
 * its `api_key` names the connector; a repeated `update_id` is applied once.
 */
export async function receiveServiceUpdate(
	db: Db,
	update: { api_key: string; service_request_id: string; update_id: string; status: string; description: string }
) {
	const [row] = await db
		.select({ forwarding: streetReportForwardings })
		.from(streetReportForwardings)
		.innerJoin(streetReportConnectors, eq(streetReportConnectors.id, streetReportForwardings.connectorId))
		.where(
			and(
				eq(streetReportConnectors.kind, 'open311'),
				eq(streetReportConnectors.apiKey, update.api_key),
				eq(streetReportForwardings.serviceRequestId, update.service_request_id)
			)
		)
		.orderBy(desc(streetReportForwardings.createdAt))
		.limit(1);
	if (!row) return null;
	const status = mapServiceStatus(update.status);
	if (!status) return { unknownStatus: true as const };
	await db.transaction((tx) =>
		applyStatus(tx, row.forwarding.reportId, { status, publicComment: update.description, source: 'open311', externalId: `push:${update.update_id}` })
	);
	return { reportId: row.forwarding.reportId };
}

/** The connector is known to be down: administrators see why, and when the next try comes. */
async function recordFailure(db: Db, forwardingId: string, error: unknown, final: boolean) {
	await db
		.update(streetReportForwardings)
		.set({ lastError: error instanceof Error ? error.message : String(error), ...(final ? { status: 'failed' as const } : {}), updatedAt: new Date() })
		.where(eq(streetReportForwardings.id, forwardingId));
	if (!final) return;
	const [forwarding] = await db.select().from(streetReportForwardings).where(eq(streetReportForwardings.id, forwardingId));
	if (forwarding)
		await db.insert(streetReportEvents).values({
			reportId: forwarding.reportId,
			type: 'forward_failed',
			privateComment: forwarding.lastError,
			source: 'system'
		});
}

/** Starts the recurring status poll (at start-up; the job schedules its next run itself). */
export async function schedulePolling(db: Db, everyMs: number, now = new Date()) {
	await enqueueOnce(db, POLL_JOB, {}, new Date(now.getTime() + everyMs));
}

/** Outbox handlers: forwarding (FixMyStreet's retry schedule) and the status poll. */
export function streetReportHandlers(db: Db, siteUrl: () => string, pollEveryMs: number): Record<string, OutboxHandler> {
	return {
		[FORWARD_JOB]: {
			retryDelaysMs: FORWARD_RETRY_DELAYS_MS,
			async deliver(payload, job) {
				const forwardingId = String(payload.forwardingId);
				try {
					await deliverForwarding(db, forwardingId, siteUrl(), job);
				} catch (error) {
					await recordFailure(db, forwardingId, error, error instanceof PermanentDeliveryError || job.attempt > FORWARD_RETRY_DELAYS_MS.length);
					throw error;
				}
			}
		},
		[POLL_JOB]: async (_payload, job) => {
			try {
				await pollServices(db);
			} finally {
				await enqueueOnce(db, POLL_JOB, {}, new Date(Date.now() + pollEveryMs), job.id);
			}
		}
	};
}

/** "Retry now" on a forwarding: its pending job is due at once, or a new job replaces a dead one. */
export async function retryForwarding(db: Db, forwardingId: string) {
	await db.transaction(async (tx) => {
		const [forwarding] = await tx.select({ status: streetReportForwardings.status }).from(streetReportForwardings).where(eq(streetReportForwardings.id, forwardingId)).for('update');
		if (forwarding?.status === 'sent') throw new ApiError('conflict', 'streetreports.error.alreadyForwarded');
		await tx.update(streetReportForwardings).set({ status: 'pending', updatedAt: new Date() }).where(eq(streetReportForwardings.id, forwardingId));
		const due = await tx
			.update(outboxJobs)
			.set({ runAt: new Date() })
			.where(and(eq(outboxJobs.kind, FORWARD_JOB), eq(outboxJobs.status, 'pending'), sql`${outboxJobs.payload}->>'forwardingId' = ${forwardingId}`))
			.returning({ id: outboxJobs.id });
		if (!due.length) await enqueue(tx, FORWARD_JOB, { forwardingId });
	});
}

/** Forwardings of an organisation that are not delivered yet, with the reason and the next try. */
export async function undeliveredForwardings(db: DbOrTx, organisationId: string) {
	return db
		.select({
			forwarding: streetReportForwardings,
			kind: streetReportConnectors.kind,
			trackingCode: streetReports.trackingCode,
			nextAttemptAt: sql<string | null>`(select min(${outboxJobs.runAt}) from ${outboxJobs} where ${outboxJobs.kind} = ${FORWARD_JOB} and ${outboxJobs.status} = 'pending' and ${outboxJobs.payload}->>'forwardingId' = ${streetReportForwardings.id}::text)`
		})
		.from(streetReportForwardings)
		.innerJoin(streetReportConnectors, eq(streetReportConnectors.id, streetReportForwardings.connectorId))
		.innerJoin(streetReports, eq(streetReports.id, streetReportForwardings.reportId))
		.where(and(eq(streetReportConnectors.organisationId, organisationId), inArray(streetReportForwardings.status, ['pending', 'failed'])))
		.orderBy(desc(streetReportForwardings.updatedAt));
}

/** The organisation whose connector a forwarding goes through (for the policy check). */
export async function forwardingOrganisation(db: DbOrTx, forwardingId: string): Promise<string> {
	const [row] = await db
		.select({ organisationId: streetReportConnectors.organisationId })
		.from(streetReportForwardings)
		.innerJoin(streetReportConnectors, eq(streetReportConnectors.id, streetReportForwardings.connectorId))
		.where(eq(streetReportForwardings.id, forwardingId));
	if (!row) throw new ApiError('not_found', 'error.notFound');
	return row.organisationId;
}
