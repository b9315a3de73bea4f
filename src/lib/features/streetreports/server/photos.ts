import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import sharp from 'sharp';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import type { Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { streetReportEvents, streetReportPhotos } from '#lib/server/db/schema.js';
import type { UploadedFile } from '#lib/server/files/base64-files.js';
import { detectMediaType } from '#lib/server/files/media-types.js';
import type { StreetReport } from './reports.js';

/** What a phone sends (a 12-megapixel JPEG is 3 to 6 MB); the request body limit must let 3 of them through. */
export const MAX_PHOTO_MB = 8;
/** Decoding stops past this many pixels: a small file cannot make the server decode a giant image. */
export const MAX_PHOTO_PIXELS = 50_000_000;
/** Longest side of a stored photo. */
export const PHOTO_MAX_SIDE = 2048;
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

export interface PreparedPhoto {
	jpeg: Uint8Array;
	width: number;
	height: number;
}

function refuse(code: 'validation_failed' | 'payload_too_large', key: string, params: Record<string, string | number> = {}): never {
	throw new ApiError(code, key, { photos: key }, undefined, params);
}

/**
 * Re-encodes one photo: turned upright from its EXIF orientation, at most PHOTO_MAX_SIDE pixels on
 * its long side, JPEG, with no metadata at all (sharp keeps none unless asked: no EXIF, no GPS, no
 * XMP, no ICC). A truncated or corrupt file fails here (`failOn: 'warning'`), as does a bomb.
 */
export async function reencodePhoto(bytes: Uint8Array): Promise<PreparedPhoto> {
	const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'warning', animated: false })
		.rotate()
		.resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
		.flatten({ background: '#ffffff' })
		.jpeg({ quality: 82, mozjpeg: true })
		.toBuffer({ resolveWithObject: true });
	return { jpeg: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/**
 * Checks every photo before anything is written — count, size, an image type read from the content —
 * then re-encodes each; the first refusal names the file and nothing is kept.
 */
export async function preparePhotos(files: UploadedFile[], maxPhotos: number): Promise<PreparedPhoto[]> {
	if (files.length > maxPhotos) refuse('validation_failed', 'streetreports.photo.tooMany', { max: maxPhotos });
	for (const { name, bytes } of files) {
		if (bytes.length === 0) refuse('validation_failed', 'streetreports.photo.empty', { name });
		if (bytes.length > MAX_PHOTO_MB * 1024 * 1024) refuse('payload_too_large', 'streetreports.photo.tooLarge', { name, max: MAX_PHOTO_MB });
		if (!detectMediaType(bytes, PHOTO_TYPES)) refuse('validation_failed', 'streetreports.photo.badType', { name });
	}
	const prepared: PreparedPhoto[] = [];
	for (const { name, bytes } of files) {
		try {
			prepared.push(await reencodePhoto(bytes));
		} catch (error) {
			if (/pixel limit/i.test(String((error as Error)?.message))) refuse('validation_failed', 'streetreports.photo.tooManyPixels', { name, max: MAX_PHOTO_PIXELS / 1_000_000 });
			refuse('validation_failed', 'streetreports.photo.unreadable', { name });
		}
	}
	return prepared;
}

/** Inside the report's creation transaction. */
export async function insertPhotos(tx: DbOrTx, reportId: string, photos: PreparedPhoto[], now: Date) {
	if (!photos.length) return;
	await tx.insert(streetReportPhotos).values(
		photos.map((photo, i) => ({ reportId, position: i + 1, jpeg: photo.jpeg, width: photo.width, height: photo.height, size: photo.jpeg.byteLength, createdAt: now }))
	);
}

export const photoPath = (reportId: string, position: number) => `/signalements/${reportId}/photos/${position}.jpg`;
export const photoUrl = (siteUrl: string, reportId: string, position: number) => `${siteUrl}${photoPath(reportId, position)}`;

const photoColumns = {
	position: streetReportPhotos.position,
	width: streetReportPhotos.width,
	height: streetReportPhotos.height,
	hiddenAt: streetReportPhotos.hiddenAt
};
export type PhotoInfo = { position: number; width: number; height: number; hiddenAt: Date | null };

/** A report's photos without their bytes, in order: all of them to its handlers, the visible ones to others. */
export function listPhotos(db: DbOrTx, reportId: string, withHidden: boolean): Promise<PhotoInfo[]> {
	return db
		.select(photoColumns)
		.from(streetReportPhotos)
		.where(and(eq(streetReportPhotos.reportId, reportId), withHidden ? undefined : isNull(streetReportPhotos.hiddenAt)))
		.orderBy(asc(streetReportPhotos.position));
}

export const photoJson = (reportId: string, photo: PhotoInfo, siteUrl: string, staff: boolean) => ({
	position: photo.position,
	url: photoUrl(siteUrl, reportId, photo.position),
	width: photo.width,
	height: photo.height,
	...(staff ? { hidden: photo.hiddenAt !== null } : {})
});

/** The first visible photo of each report (Open311 `media_url`), loaded at once for a list. */
export async function firstVisiblePhotos(db: DbOrTx, reportIds: string[]): Promise<Map<string, number>> {
	if (!reportIds.length) return new Map();
	const rows = await db
		.select({ reportId: streetReportPhotos.reportId, position: streetReportPhotos.position })
		.from(streetReportPhotos)
		.where(and(inArray(streetReportPhotos.reportId, reportIds), isNull(streetReportPhotos.hiddenAt)))
		.orderBy(asc(streetReportPhotos.position));
	const first = new Map<string, number>();
	for (const row of rows) if (!first.has(row.reportId)) first.set(row.reportId, row.position);
	return first;
}

/** The absolute URL of the report's first visible photo (what an Open311 service gets as `media_url`), or null. */
export async function firstPhotoUrl(db: DbOrTx, reportId: string, siteUrl: string): Promise<string | null> {
	const position = (await firstVisiblePhotos(db, [reportId])).get(reportId);
	return position ? photoUrl(siteUrl, reportId, position) : null;
}

/** The JPEG of one photo; a hidden one only to the report's handlers, a 404 to everyone else. */
export async function photoFor(db: DbOrTx, report: StreetReport, position: number, handler: boolean) {
	const [photo] = await db
		.select({ jpeg: streetReportPhotos.jpeg, hiddenAt: streetReportPhotos.hiddenAt })
		.from(streetReportPhotos)
		.where(and(eq(streetReportPhotos.reportId, report.id), eq(streetReportPhotos.position, position)));
	if (!photo || (photo.hiddenAt && !handler)) throw new ApiError('not_found', 'streetreports.photo.notFound');
	return photo;
}

/**
 * An agent of the handling organisation hides a photo from the public or shows it again; each real
 * change is written to the report's history (who, when, which photo) in the same transaction. The
 * photo's row is locked, so two agents clicking at once record one change, not two.
 */
export async function setPhotoHidden(db: Db, actor: Actor, report: StreetReport, position: number, hidden: boolean, now = new Date()) {
	if (!report.organisationId) throw new ApiError('forbidden', 'error.forbidden');
	assertCan(actor, 'report.hidePhoto', { organisationId: report.organisationId });
	return db.transaction(async (tx) => {
		const where = and(eq(streetReportPhotos.reportId, report.id), eq(streetReportPhotos.position, position));
		const [current] = await tx.select(photoColumns).from(streetReportPhotos).where(where).for('update');
		if (!current) throw new ApiError('not_found', 'streetreports.photo.notFound');
		if ((current.hiddenAt !== null) === hidden) return current;
		const [photo] = await tx
			.update(streetReportPhotos)
			.set(hidden ? { hiddenAt: now, hiddenBy: actor.userId } : { hiddenAt: null, hiddenBy: null })
			.where(where)
			.returning(photoColumns);
		await tx.insert(streetReportEvents).values({
			reportId: report.id,
			type: hidden ? 'photo_hidden' : 'photo_shown',
			organisationId: report.organisationId,
			photoPosition: position,
			actorId: actor.userId,
			source: 'agent',
			createdAt: now
		});
		return photo;
	});
}

/** A photo's number from the address (`2` of `…/photos/2.jpg`), or a 404. */
export function photoPosition(value: string): number {
	if (!/^[1-9][0-9]{0,2}$/.test(value)) throw new ApiError('not_found', 'streetreports.photo.notFound');
	return Number(value);
}
