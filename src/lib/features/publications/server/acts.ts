import { and, desc, eq, gte, ilike, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { isUniqueViolation } from '#lib/features/accounts/server/accounts.js';
import { getVersionForAdoption } from '#lib/features/documents/server/adoption.js';
import { requireDocument } from '#lib/features/documents/server/documents.js';
import { translate } from '#lib/i18n/index.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import { decodeKeysetCursor, encodeKeysetCursor, type Page } from '#lib/server/api/pagination.js';
import { isUuid } from '#lib/server/api/validation.js';
import { can, type Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { actFiles, acts, organisations } from '#lib/server/db/schema.js';
import { emitEvent } from '#lib/server/events/events.js';
import { cleanFilename, detectMediaType, IMAGE_AND_PDF_TYPES, OFFICE_TYPES } from '#lib/server/files/media-types.js';
import { enqueue } from '#lib/server/outbox/outbox.js';
import type { ActAdoptInput, RegisterQuery } from '../api.js';
import { actNumberPrefix, actSearchVector, type ActFileKind, type ActType } from '../schema.js';
import { renderActHtml, renderActPdf, sha256Hex } from './render.js';

/** Announces a scheduled act when its publication date comes. */
export const ANNOUNCE_ACT_JOB = 'publications.announce';

/** Legal minimum an act stays online before it may be withdrawn (CGCT, art. R. 2131-1 ff.): two months. */
export const MINIMUM_ONLINE_MONTHS = 2;

export type Act = typeof acts.$inferSelect & { organisationSlug: string; organisationName: string };
export type ActFile = Omit<typeof actFiles.$inferSelect, 'data'>;
export interface ActWithFiles {
	act: Act;
	files: ActFile[];
	corrects: { id: string; number: string } | null;
	correctedBy: { id: string; number: string }[];
}

export const typeLabel = (type: ActType) => translate('fr', `publications.type.${type}`);
export const actPath = (act: Pick<Act, 'id' | 'organisationSlug'>) => `/registre/${act.organisationSlug}/${act.id}`;

const actColumns = { act: acts, organisationSlug: organisations.slug, organisationName: organisations.name };
const joined = (db: DbOrTx) => db.select(actColumns).from(acts).innerJoin(organisations, eq(organisations.id, acts.organisationId));
const flatten = (row: { act: typeof acts.$inferSelect; organisationSlug: string; organisationName: string }): Act => ({
	...row.act,
	organisationSlug: row.organisationSlug,
	organisationName: row.organisationName
});
const fileColumns = {
	id: actFiles.id,
	actId: actFiles.actId,
	kind: actFiles.kind,
	filename: actFiles.filename,
	contentType: actFiles.contentType,
	size: actFiles.size,
	sha256: actFiles.sha256,
	createdAt: actFiles.createdAt
};

/** Published: its publication date has come (withdrawn acts stay listed, with their trace). */
const isPublic = (now: Date) => lte(acts.publishedAt, now);

/** `DEL-2026-007` for the 7th deliberation of 2026: one more than the highest number of that shape. */
export async function nextActNumber(db: DbOrTx, organisationId: string, type: ActType, year: number) {
	const prefix = `${actNumberPrefix[type]}-${year}-`;
	const [row] = await db
		.select({ last: sql<number | null>`max((substring(${acts.number} from ${'^' + prefix + '([0-9]+)$'}))::int)` })
		.from(acts)
		.where(and(eq(acts.organisationId, organisationId), eq(acts.type, type)));
	return `${prefix}${String((row?.last ?? 0) + 1).padStart(3, '0')}`;
}

/** Months added on the calendar (31 March + 2 months = 31 May; 31 December + 2 = end of February). */
export function addMonths(date: Date, months: number) {
	const result = new Date(date);
	const day = result.getUTCDate();
	result.setUTCDate(1);
	result.setUTCMonth(result.getUTCMonth() + months);
	const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
	result.setUTCDate(Math.min(day, lastDay));
	return result;
}

export const MAX_ACT_ATTACHMENTS = 5;
export const MAX_ACT_ATTACHMENT_MB = 5;
const ACT_ATTACHMENT_TYPES = [...IMAGE_AND_PDF_TYPES, ...OFFICE_TYPES];

/** Checks the annexes before anything is written: count, size, and a type read from each file's content. */
function checkAttachments(files: ActAdoptInput['attachments']) {
	const refuse = (code: 'validation_failed' | 'payload_too_large', key: string, params: Record<string, string | number>): never => {
		throw new ApiError(code, key, { attachments: key }, undefined, params);
	};
	if (files.length > MAX_ACT_ATTACHMENTS) refuse('validation_failed', 'publications.attachment.tooMany', { max: MAX_ACT_ATTACHMENTS });
	return files.map(({ name, bytes }) => {
		if (bytes.length === 0) refuse('validation_failed', 'publications.attachment.empty', { name });
		if (bytes.length > MAX_ACT_ATTACHMENT_MB * 1024 * 1024) refuse('payload_too_large', 'publications.attachment.tooLarge', { name, max: MAX_ACT_ATTACHMENT_MB });
		const contentType = detectMediaType(bytes, ACT_ATTACHMENT_TYPES) ?? refuse('validation_failed', 'publications.attachment.badType', { name });
		return { filename: cleanFilename(name, contentType), contentType, bytes };
	});
}

export const withdrawableFrom = (act: Pick<Act, 'publishedAt'>) => addMonths(act.publishedAt, MINIMUM_ONLINE_MONTHS);

function fileName(number: string, extension: string) {
	return `${number.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.${extension}`;
}

/**
 * Adopts a frozen document version as an official act: numbers it, renders and hashes its PDF and
 * HTML once, stores them with any attachments and, when publication is immediate, emits
 * `act.published` (webhooks, chat) — all in one transaction. A scheduled act is announced by an
 * outbox job due at its publication date, written in the same transaction.
 */
export async function adoptAct(db: Db, actor: Actor, input: ActAdoptInput, now = new Date()): Promise<ActWithFiles> {
	const version = await getVersionForAdoption(db, input.version_id);
	if (!version) throw new ApiError('not_found', 'publications.versionNotFound');
	assertCan(actor, 'publications.adopt', { organisationId: version.organisationId });
	await requireDocument(db, version.documentId, actor, 'document.read');
	const publishedAt = input.publish_at ? new Date(input.publish_at) : now;
	if (publishedAt.getTime() < now.getTime() - 60_000)
		throw new ApiError('validation_failed', 'error.validation', { publish_at: 'publications.validation.publishInPast' });
	const attachments = checkAttachments(input.attachments);
	try {
		const actId = await db.transaction(async (tx) => {
			// One adoption at a time per organisation: numbers are drawn in order, never twice.
			const [organisation] = await tx
				.select({ id: organisations.id, name: organisations.name, slug: organisations.slug })
				.from(organisations)
				.where(eq(organisations.id, version.organisationId))
				.for('update');
			let corrects: { id: string; number: string } | null = null;
			if (input.corrects) {
				const [target] = await tx
					.select({ id: acts.id, number: acts.number })
					.from(acts)
					.where(and(eq(acts.id, input.corrects), eq(acts.organisationId, organisation.id)));
				if (!target) throw new ApiError('validation_failed', 'error.validation', { corrects: 'publications.validation.corrects' });
				corrects = target;
			}
			const year = Number(input.adopted_on.slice(0, 4));
			const number = input.number ?? (await nextActNumber(tx, organisation.id, input.type, year));
			const rendering = {
				organisationName: organisation.name,
				type: input.type,
				typeLabel: typeLabel(input.type),
				number,
				title: version.title,
				subject: input.subject,
				category: input.category ?? null,
				adoptedOn: input.adopted_on,
				signatoryName: input.signatory_name,
				signatoryTitle: input.signatory_title,
				correctsNumber: corrects?.number ?? null,
				html: version.html,
				markdown: version.markdown
			};
			const pdf = await renderActPdf(rendering);
			const html = renderActHtml(rendering);
			const immediate = publishedAt.getTime() <= now.getTime();
			const [act] = await tx
				.insert(acts)
				.values({
					organisationId: organisation.id,
					spaceId: version.spaceId,
					documentId: version.documentId,
					versionId: version.versionId,
					type: input.type,
					year,
					number,
					title: version.title,
					subject: input.subject,
					category: input.category ?? null,
					adoptedOn: input.adopted_on,
					signatoryName: input.signatory_name,
					signatoryTitle: input.signatory_title,
					text: version.markdown,
					correctsId: corrects?.id ?? null,
					publishedAt,
					announcedAt: immediate ? now : null,
					adoptedBy: actor.userId,
					createdAt: now
				})
				.returning();
			await tx.insert(actFiles).values([
				{ actId: act.id, kind: 'pdf', filename: fileName(number, 'pdf'), contentType: 'application/pdf', size: pdf.length, sha256: sha256Hex(pdf), data: pdf },
				{ actId: act.id, kind: 'html', filename: fileName(number, 'html'), contentType: 'text/html; charset=utf-8', size: html.length, sha256: sha256Hex(html), data: html },
				...attachments.map((a) => ({
					actId: act.id,
					kind: 'attachment' as const,
					filename: a.filename,
					contentType: a.contentType,
					size: a.bytes.length,
					sha256: sha256Hex(a.bytes),
					data: a.bytes
				}))
			]);
			const full = { ...act, organisationSlug: organisation.slug, organisationName: organisation.name };
			if (immediate) await announce(tx, full, 'act.published', now);
			else await enqueue(tx, ANNOUNCE_ACT_JOB, { actId: act.id }, publishedAt);
			return act.id;
		});
		return (await findAct(db, actId))!;
	} catch (error) {
		if (isUniqueViolation(error)) throw new ApiError('conflict', 'error.validation', { number: 'publications.validation.numberTaken' });
		throw error;
	}
}

async function announce(tx: DbOrTx, act: Act, type: 'act.published' | 'act.withdrawn', now: Date) {
	const [pdf] = await tx.select({ sha256: actFiles.sha256 }).from(actFiles).where(and(eq(actFiles.actId, act.id), eq(actFiles.kind, 'pdf')));
	await emitEvent(tx, {
		type,
		organisationId: act.organisationId,
		spaceId: act.spaceId,
		occurredAt: now,
		summary: { title: `${typeLabel(act.type)} n° ${act.number} — ${act.title}`, url: actPath(act) },
		data: {
			act_id: act.id,
			act_type: act.type,
			number: act.number,
			subject: act.subject,
			adopted_on: act.adoptedOn,
			published_at: act.publishedAt.toISOString(),
			withdrawn_at: act.withdrawnAt?.toISOString() ?? null,
			pdf_sha256: pdf?.sha256 ?? null,
			pdf_path: `/api/v1/acts/${act.id}/pdf`
		}
	});
}

/** The scheduled job: emits `act.published` once, unless the act was announced or withdrawn meanwhile. */
export async function announceScheduledAct(db: Db, actId: string, now = new Date()) {
	await db.transaction(async (tx) => {
		const [row] = await joined(tx).where(eq(acts.id, actId)).for('update', { of: acts });
		if (!row || row.act.announcedAt || row.act.withdrawnAt) return;
		if (row.act.publishedAt > now) {
			await enqueue(tx, ANNOUNCE_ACT_JOB, { actId }, row.act.publishedAt);
			return;
		}
		await tx.update(acts).set({ announcedAt: now }).where(eq(acts.id, actId));
		await announce(tx, flatten(row), 'act.published', now);
	});
}

export async function findAct(db: DbOrTx, id: string): Promise<ActWithFiles | undefined> {
	if (!isUuid(id)) return undefined;
	const [row] = await joined(db).where(eq(acts.id, id));
	return row ? (await withDetails(db, [flatten(row)]))[0] : undefined;
}

/** A published act, or one not yet online for the people who may adopt in its organisation. */
export async function actOr404(db: DbOrTx, id: string, actor: Actor, now = new Date()): Promise<ActWithFiles> {
	const found = await findAct(db, id);
	if (!found || (found.act.publishedAt > now && !can(actor, 'publications.adopt', { organisationId: found.act.organisationId })))
		throw new ApiError('not_found', 'publications.notFound');
	return found;
}

/** The stored bytes of one file; a withdrawn act's files are no longer served (410). */
export async function actFileData(db: DbOrTx, found: ActWithFiles, kind: ActFileKind, fileId?: string) {
	const file = found.files.find((f) => f.kind === kind && (fileId === undefined || f.id === fileId));
	if (!file) throw new ApiError('not_found', 'publications.fileNotFound');
	if (found.act.withdrawnAt) throw new ApiError('gone', 'publications.withdrawnFile');
	const [row] = await db.select({ data: actFiles.data }).from(actFiles).where(eq(actFiles.id, file.id));
	return { file, data: row.data };
}

export async function withdrawAct(db: Db, actor: Actor, id: string, reason: string, now = new Date()) {
	return db.transaction(async (tx) => {
		const [row] = isUuid(id) ? await joined(tx).where(eq(acts.id, id)).for('update', { of: acts }) : [];
		if (!row || (row.act.publishedAt > now && !can(actor, 'publications.adopt', { organisationId: row.act.organisationId })))
			throw new ApiError('not_found', 'publications.notFound');
		assertCan(actor, 'publications.adopt', { organisationId: row.act.organisationId });
		if (row.act.withdrawnAt) throw new ApiError('conflict', 'publications.alreadyWithdrawn');
		const from = withdrawableFrom(row.act);
		if (now < from) throw new ApiError('conflict', 'publications.tooEarlyToWithdraw', undefined, undefined, { date: from.toISOString().slice(0, 10) });
		const [updated] = await tx.update(acts).set({ withdrawnAt: now, withdrawalReason: reason }).where(eq(acts.id, id)).returning();
		await announce(tx, { ...flatten(row), ...updated }, 'act.withdrawn', now);
	});
}

/** The public register of an organisation, newest publication first, keyset-paginated. */
export async function listRegister(db: DbOrTx, organisationId: string | null, query: RegisterQuery, now = new Date()): Promise<Page<Act>> {
	const keys = decodeKeysetCursor(query.cursor);
	const after =
		keys && typeof keys[0] === 'string' && typeof keys[1] === 'string' && isUuid(keys[1])
			? or(lt(acts.publishedAt, new Date(keys[0])), and(eq(acts.publishedAt, new Date(keys[0])), lt(acts.id, keys[1])))
			: undefined;
	const like = (value: string) => `%${value.replace(/[\\%_]/g, '\\$&')}%`;
	const rows = await joined(db)
		.where(
			and(
				organisationId ? eq(acts.organisationId, organisationId) : undefined,
				isPublic(now),
				query.type ? eq(acts.type, query.type) : undefined,
				query.number ? ilike(acts.number, like(query.number)) : undefined,
				query.subject ? or(ilike(acts.subject, like(query.subject)), ilike(acts.category, like(query.subject))) : undefined,
				query.from ? gte(acts.adoptedOn, query.from) : undefined,
				query.to ? lte(acts.adoptedOn, query.to) : undefined,
				query.q ? sql`${actSearchVector(acts)} @@ websearch_to_tsquery('french'::regconfig, ${query.q})` : undefined,
				after
			)
		)
		.orderBy(desc(acts.publishedAt), desc(acts.id))
		.limit(query.limit + 1);
	const items = rows.slice(0, query.limit).map(flatten);
	const last = items.at(-1);
	return { items, nextCursor: rows.length > query.limit && last ? encodeKeysetCursor([last.publishedAt.toISOString(), last.id]) : null };
}

/** Files and correction links of several acts at once, for lists, feeds and exports. */
export async function withDetails(db: DbOrTx, items: Act[]): Promise<ActWithFiles[]> {
	if (!items.length) return [];
	const ids = items.map((act) => act.id);
	const correctedIds = items.map((act) => act.correctsId).filter((id): id is string => id !== null);
	const [files, corrected, correcting] = await Promise.all([
		db.select(fileColumns).from(actFiles).where(inArray(actFiles.actId, ids)).orderBy(actFiles.kind, actFiles.filename),
		correctedIds.length ? db.select({ id: acts.id, number: acts.number }).from(acts).where(inArray(acts.id, correctedIds)) : [],
		db.select({ id: acts.id, number: acts.number, correctsId: acts.correctsId }).from(acts).where(inArray(acts.correctsId, ids)).orderBy(acts.createdAt)
	]);
	return items.map((act) => ({
		act,
		files: files.filter((f) => f.actId === act.id),
		corrects: corrected.find((c) => c.id === act.correctsId) ?? null,
		correctedBy: correcting.filter((c) => c.correctsId === act.id).map(({ id, number }) => ({ id, number }))
	}));
}

/** Which published act a file belongs to, by the SHA-256 of its bytes. */
export async function verifyHash(db: DbOrTx, sha256: string, now = new Date()) {
	const [match] = await db
		.select({ actId: actFiles.actId, kind: actFiles.kind })
		.from(actFiles)
		.innerJoin(acts, eq(acts.id, actFiles.actId))
		.where(and(eq(actFiles.sha256, sha256), isPublic(now)))
		.limit(1);
	if (!match) return { match: false as const, sha256, act: null, kind: null };
	return { match: true as const, sha256, act: (await findAct(db, match.actId))!, kind: match.kind };
}

export function toActJson({ act, files, corrects, correctedBy }: ActWithFiles, siteUrl: string) {
	const fileJson = (file: ActFile) => ({
		filename: file.filename,
		content_type: file.contentType,
		size: file.size,
		sha256: file.sha256,
		url: `${siteUrl}/api/v1/acts/${act.id}/${file.kind === 'attachment' ? `attachments/${file.id}` : file.kind}`
	});
	const pdf = files.find((f) => f.kind === 'pdf')!;
	const html = files.find((f) => f.kind === 'html')!;
	return {
		id: act.id,
		organisation: act.organisationSlug,
		type: act.type,
		number: act.number,
		title: act.title,
		subject: act.subject,
		category: act.category,
		adopted_on: act.adoptedOn,
		signatory: { name: act.signatoryName, title: act.signatoryTitle },
		published_at: act.publishedAt.toISOString(),
		withdrawn_at: act.withdrawnAt?.toISOString() ?? null,
		withdrawal_reason: act.withdrawalReason,
		corrects,
		corrected_by: correctedBy,
		pdf: fileJson(pdf),
		html: fileJson(html),
		attachments: files.filter((f) => f.kind === 'attachment').map(fileJson),
		url: siteUrl + actPath(act)
	};
}
