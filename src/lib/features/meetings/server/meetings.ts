import { randomInt } from 'node:crypto';
import { and, asc, eq, gt, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { notifyUsers } from '#lib/features/notifications/server/notifications.js';
import { readableSpace, spaceReadableBy, type SpaceAccess } from '#lib/features/spaces/server/spaces.js';
import { ApiError } from '#lib/server/api/errors.js';
import { decodeKeysetCursor, encodeKeysetCursor, type Page } from '#lib/server/api/pagination.js';
import { isUuid } from '#lib/server/api/validation.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import type { Actor } from '#lib/server/auth/policy.js';
import type { DbOrTx, Db } from '#lib/server/db/client.js';
import { meetingRegistrations, meetings, organisations, spaces, users } from '#lib/server/db/schema.js';
import { emitEvent } from '#lib/server/events/events.js';
import { queueMail } from '#lib/server/mail/mail.js';
import { meetingCheck, type MeetingCreateInput, type MeetingUpdateInput } from '../api.js';
import type { RegistrationStatus } from '../schema.js';
import { renderCalendar, type CalendarEvent } from './ical.js';

export type Meeting = typeof meetings.$inferSelect & { spaceSlug: string; organisationSlug: string; organisationName: string };
export type Registration = typeof meetingRegistrations.$inferSelect;

const meetingColumns = { meeting: meetings, spaceSlug: spaces.slug, organisationSlug: organisations.slug, organisationName: organisations.name };

function joined(db: DbOrTx) {
	return db
		.select(meetingColumns)
		.from(meetings)
		.innerJoin(spaces, eq(spaces.id, meetings.spaceId))
		.innerJoin(organisations, eq(organisations.id, meetings.organisationId));
}
const flatten = (row: { meeting: typeof meetings.$inferSelect; spaceSlug: string; organisationSlug: string; organisationName: string }): Meeting => ({
	...row.meeting,
	spaceSlug: row.spaceSlug,
	organisationSlug: row.organisationSlug,
	organisationName: row.organisationName
});

export const meetingPath = (meeting: Pick<Meeting, 'id' | 'spaceSlug'>) => `/spaces/${meeting.spaceSlug}/meetings/${meeting.id}`;

export interface MeetingAccess {
	meeting: Meeting;
	space: SpaceAccess;
}

/** The meeting if the actor may read its space; anything else is "not found". */
export async function meetingOr404(db: DbOrTx, id: string, actor: Actor): Promise<MeetingAccess> {
	const [row] = isUuid(id) ? await joined(db).where(eq(meetings.id, id)) : [];
	const space = row && (await readableSpace(db, { id: row.meeting.spaceId }, actor));
	if (!row || !space) throw new ApiError('not_found', 'error.notFound');
	return { meeting: flatten(row), space };
}

/** Meetings in start order, keyset-paginated on (starts_at, id). */
export async function listMeetings(
	db: DbOrTx,
	where: { spaceId: string } | { organisationId: string; readableBy: Actor } | { allPublic: true },
	options: { from?: Date; cursor?: string; limit: number }
): Promise<Page<Meeting>> {
	const keys = decodeKeysetCursor(options.cursor);
	const after =
		keys && typeof keys[0] === 'string' && typeof keys[1] === 'string' && isUuid(keys[1])
			? or(gt(meetings.startsAt, new Date(keys[0])), and(eq(meetings.startsAt, new Date(keys[0])), gt(meetings.id, keys[1])))
			: undefined;
	const scope =
		'spaceId' in where
			? eq(meetings.spaceId, where.spaceId)
			: 'organisationId' in where
				? and(eq(meetings.organisationId, where.organisationId), spaceReadableBy(where.readableBy))
				: eq(spaces.visibility, 'public');
	const rows = await joined(db)
		.where(and(scope, options.from ? gt(meetings.endsAt, options.from) : undefined, after))
		.orderBy(asc(meetings.startsAt), asc(meetings.id))
		.limit(options.limit + 1);
	const items = rows.slice(0, options.limit).map(flatten);
	const last = items.at(-1);
	return { items, nextCursor: rows.length > options.limit && last ? encodeKeysetCursor([last.startsAt.toISOString(), last.id]) : null };
}

function checked(merged: Record<string, unknown>) {
	const result = meetingCheck.safeParse(merged);
	if (result.success) return;
	const fields: Record<string, string> = {};
	for (const issue of result.error.issues) fields[issue.path.join('.') || '_'] ??= issue.message;
	throw new ApiError('validation_failed', 'error.validation', fields);
}

const placeColumns = (input: Partial<MeetingCreateInput>) => ({
	...(input.mode !== undefined ? { mode: input.mode } : {}),
	...(input.address !== undefined ? { address: input.mode === 'online' ? null : (input.address ?? null) } : {}),
	...(input.longitude !== undefined ? { longitude: input.longitude ?? null } : {}),
	...(input.latitude !== undefined ? { latitude: input.latitude ?? null } : {}),
	...(input.online_url !== undefined ? { onlineUrl: input.mode === 'in_person' ? null : (input.online_url ?? null) } : {})
});

/** The zone an organisation's meetings are planned in (times typed in forms are read in it). */
export async function organisationTimezone(db: DbOrTx, organisationId: string) {
	const [row] = await db.select({ timezone: organisations.timezone }).from(organisations).where(eq(organisations.id, organisationId));
	return row?.timezone ?? 'Europe/Paris';
}

export async function createMeeting(db: Db, access: SpaceAccess, actor: Actor, input: MeetingCreateInput, now = new Date()) {
	assertCan(actor, 'meeting.manage', access.resource);
	const timezone = await organisationTimezone(db, access.space.organisationId);
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(meetings)
			.values({
				organisationId: access.space.organisationId,
				spaceId: access.space.id,
				title: input.title,
				description: input.description,
				...placeColumns(input),
				mode: input.mode,
				startsAt: new Date(input.starts_at),
				endsAt: new Date(input.ends_at),
				timezone,
				agenda: input.agenda,
				links: input.links,
				registrationsOpen: input.registrations_open,
				places: input.places ?? null,
				changedAt: now,
				createdBy: actor.userId,
				createdAt: now,
				updatedAt: now
			})
			.returning({ id: meetings.id });
		const meeting = flatten((await joined(tx).where(eq(meetings.id, row.id)))[0]);
		if (access.space.visibility === 'public')
			await emitMeetingEvent(tx, 'meeting.published', meeting, now, { startsAt: meeting.startsAt.toISOString(), endsAt: meeting.endsAt.toISOString(), mode: meeting.mode });
		return meeting;
	});
}

/** Locks the meeting row: registrations, edits and cancellations of one meeting go one at a time. */
async function lockMeeting(tx: DbOrTx, id: string): Promise<Meeting> {
	await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, id)).for('update');
	const [row] = await joined(tx).where(eq(meetings.id, id));
	if (!row) throw new ApiError('not_found', 'error.notFound');
	return flatten(row);
}

async function activeRegistrants(tx: DbOrTx, meetingId: string) {
	return tx
		.select({ userId: users.id, email: users.email, locale: users.locale, displayName: users.displayName, code: meetingRegistrations.code })
		.from(meetingRegistrations)
		.innerJoin(users, eq(users.id, meetingRegistrations.userId))
		.where(and(eq(meetingRegistrations.meetingId, meetingId), ne(meetingRegistrations.status, 'cancelled')));
}

const significantKeys = ['starts_at', 'ends_at', 'mode', 'address', 'longitude', 'latitude', 'online_url'] as const;

/**
 * Edits a meeting. A change of time or place is significant: SEQUENCE and DTSTAMP move forward,
 * registered people are told (in-app and by e-mail with the updated invitation).
 */
export async function updateMeeting(db: Db, access: MeetingAccess, actor: Actor, input: MeetingUpdateInput, origin: string, now = new Date()) {
	assertCan(actor, 'meeting.manage', access.space.resource);
	return db.transaction(async (tx) => {
		const current = await lockMeeting(tx, access.meeting.id);
		if (current.status !== 'published') throw new ApiError('conflict', 'meetings.error.notEditable');
		const before = {
			starts_at: current.startsAt.toISOString(),
			ends_at: current.endsAt.toISOString(),
			mode: current.mode,
			address: current.address,
			longitude: current.longitude,
			latitude: current.latitude,
			online_url: current.onlineUrl
		};
		const merged = {
			title: current.title,
			description: current.description,
			...before,
			agenda: current.agenda,
			links: current.links,
			registrations_open: current.registrationsOpen,
			places: current.places,
			...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined))
		} as MeetingCreateInput;
		checked(merged);
		const significant = significantKeys.some((key) => {
			const value = merged[key];
			const old = before[key];
			return key.endsWith('_at') ? Date.parse(String(value)) !== Date.parse(String(old)) : (value ?? null) !== (old ?? null);
		});
		if (merged.places != null && merged.places < current.registeredCount) throw new ApiError('conflict', 'meetings.error.placesBelowRegistered');
		await tx
			.update(meetings)
			.set({
				title: merged.title,
				description: merged.description,
				...placeColumns(merged),
				startsAt: new Date(merged.starts_at),
				endsAt: new Date(merged.ends_at),
				agenda: merged.agenda,
				links: merged.links,
				registrationsOpen: merged.registrations_open,
				places: merged.places ?? null,
				updatedAt: now,
				...(significant ? { sequence: sql`${meetings.sequence} + 1`, changedAt: now } : {})
			})
			.where(eq(meetings.id, current.id));
		let meeting = await lockMeeting(tx, current.id);
		// More places: people on the waiting list move up at once.
		await promoteWaiting(tx, meeting, origin, now);
		meeting = await lockMeeting(tx, current.id);
		if (significant) await tellRegistrants(tx, meeting, 'moved', origin, now);
		return meeting;
	});
}

export async function cancelMeeting(db: Db, access: MeetingAccess, actor: Actor, reason: string, origin: string, now = new Date()) {
	assertCan(actor, 'meeting.manage', access.space.resource);
	return db.transaction(async (tx) => {
		const current = await lockMeeting(tx, access.meeting.id);
		if (current.status === 'cancelled') return current;
		if (current.status === 'closed') throw new ApiError('conflict', 'meetings.error.closed');
		await tx
			.update(meetings)
			.set({ status: 'cancelled', registrationsOpen: false, sequence: sql`${meetings.sequence} + 1`, changedAt: now, updatedAt: now })
			.where(eq(meetings.id, current.id));
		const meeting = await lockMeeting(tx, current.id);
		await tellRegistrants(tx, meeting, 'cancelled', origin, now, reason);
		if (access.space.space.visibility === 'public')
			await emitMeetingEvent(tx, 'meeting.cancelled', meeting, now, { reason });
		return meeting;
	});
}

/** Closes a held meeting with its minutes, attendance and outcomes; registrations stop. */
export async function closeMeeting(
	db: Db,
	access: MeetingAccess,
	actor: Actor,
	input: { minutes: string; attendees: number; outcomes: string },
	now = new Date()
) {
	assertCan(actor, 'meeting.manage', access.space.resource);
	return db.transaction(async (tx) => {
		const current = await lockMeeting(tx, access.meeting.id);
		if (current.status === 'cancelled') throw new ApiError('conflict', 'meetings.error.cancelled');
		if (current.startsAt.getTime() > now.getTime()) throw new ApiError('conflict', 'meetings.error.notStarted');
		const statusChanges = current.status !== 'closed';
		await tx
			.update(meetings)
			.set({
				status: 'closed',
				registrationsOpen: false,
				minutes: input.minutes,
				attendees: input.attendees,
				outcomes: input.outcomes,
				updatedAt: now,
				...(statusChanges ? { sequence: sql`${meetings.sequence} + 1`, changedAt: now } : {})
			})
			.where(eq(meetings.id, current.id));
		const meeting = await lockMeeting(tx, current.id);
		if (statusChanges && access.space.space.visibility === 'public')
			await emitMeetingEvent(tx, 'meeting.closed', meeting, now, { attendees: input.attendees });
		return meeting;
	});
}

/** A code of 8 unambiguous characters, shown at the door (e.g. « K7M4-Q2XP »). */
function registrationCode() {
	const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
	let code = '';
	for (let i = 0; i < 8; i++) code += alphabet[randomInt(alphabet.length)];
	return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export function meetingEvent(meeting: Meeting, origin: string): CalendarEvent {
	const place = [meeting.address, meeting.onlineUrl].filter(Boolean).join(' — ');
	return {
		uid: `meeting-${meeting.id}@parvis`,
		start: meeting.startsAt,
		end: meeting.endsAt,
		timezone: meeting.timezone,
		stamp: meeting.changedAt,
		sequence: meeting.sequence,
		cancelled: meeting.status === 'cancelled',
		summary: meeting.title,
		description: [meeting.description, meeting.onlineUrl ? `Visioconférence : ${meeting.onlineUrl}` : ''].filter(Boolean).join('\n\n'),
		location: place || null,
		geo: meeting.latitude != null && meeting.longitude != null ? { lat: meeting.latitude, lon: meeting.longitude } : null,
		url: `${origin}${meetingPath(meeting)}`
	};
}

const invitation = (meeting: Meeting, origin: string) => ({
	filename: 'invitation.ics',
	contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
	content: renderCalendar(meeting.title, [meetingEvent(meeting, origin)])
});

const when = (meeting: Meeting, locale: string) =>
	new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: meeting.timezone }).format(meeting.startsAt);

function confirmationMail(meeting: Meeting, person: { email: string; locale: string }, status: RegistrationStatus, code: string, origin: string) {
	const en = person.locale === 'en';
	const url = `${origin}${meetingPath(meeting)}`;
	const place = [meeting.address, meeting.onlineUrl].filter(Boolean).join(' / ');
	if (status === 'waiting')
		return {
			to: person.email,
			subject: en ? `Waiting list: ${meeting.title}` : `Liste d’attente : ${meeting.title}`,
			text: en
				? `The meeting “${meeting.title}” (${when(meeting, 'en')}) is full: you are on the waiting list. You will get an e-mail if a place frees up.\n\n${url}`
				: `La réunion « ${meeting.title} » (${when(meeting, 'fr')}) est complète : vous êtes sur la liste d’attente. Vous recevrez un e-mail si une place se libère.\n\n${url}`
		};
	return {
		to: person.email,
		subject: en ? `Registration confirmed: ${meeting.title}` : `Inscription confirmée : ${meeting.title}`,
		text: en
			? `You are registered for “${meeting.title}”, ${when(meeting, 'en')}${place ? `, ${place}` : ''}.\nYour registration code (to show at the door): ${code}\n\nThe event is attached: open it to add it to your calendar.\n${url}`
			: `Vous êtes inscrit·e à « ${meeting.title} », ${when(meeting, 'fr')}${place ? `, ${place}` : ''}.\nVotre code d’inscription (à présenter à l’entrée) : ${code}\n\nL’événement est joint : ouvrez-le pour l’ajouter à votre agenda.\n${url}`,
		attachments: [invitation(meeting, origin)]
	};
}

/** Mails and in-app notifications to everyone registered or waiting: the meeting moved or was cancelled. */
async function tellRegistrants(tx: DbOrTx, meeting: Meeting, what: 'moved' | 'cancelled', origin: string, now: Date, reason = '') {
	const people = await activeRegistrants(tx, meeting.id);
	if (!people.length) return;
	const url = `${origin}${meetingPath(meeting)}`;
	for (const person of people) {
		const en = person.locale === 'en';
		const subject =
			what === 'cancelled'
				? en ? `Cancelled: ${meeting.title}` : `Réunion annulée : ${meeting.title}`
				: en ? `Changed: ${meeting.title}` : `Réunion modifiée : ${meeting.title}`;
		const place = [meeting.address, meeting.onlineUrl].filter(Boolean).join(' / ');
		const text =
			what === 'cancelled'
				? en
					? `The meeting “${meeting.title}” planned ${when(meeting, 'en')} is cancelled.${reason ? `\n\n${reason}` : ''}\n\n${url}`
					: `La réunion « ${meeting.title} » prévue ${when(meeting, 'fr')} est annulée.${reason ? `\n\n${reason}` : ''}\n\n${url}`
				: en
					? `The meeting “${meeting.title}” changed: it now takes place ${when(meeting, 'en')}${place ? `, ${place}` : ''}. The updated event is attached.\n\n${url}`
					: `La réunion « ${meeting.title} » a changé : elle aura lieu ${when(meeting, 'fr')}${place ? `, ${place}` : ''}. L’événement mis à jour est joint.\n\n${url}`;
		await queueMail(tx, { to: person.email, subject, text, attachments: [invitation(meeting, origin)] });
	}
	await notifyUsers(
		tx,
		people.map((p) => p.userId),
		what === 'cancelled' ? 'meeting_cancelled' : 'meeting_moved',
		{ title: meeting.title, url: meetingPath(meeting), meetingId: meeting.id, at: now.toISOString() },
		{ email: false }
	);
}

/** Moves people from the waiting list to free places, oldest first (caller holds the meeting lock). */
async function promoteWaiting(tx: DbOrTx, meeting: Meeting, origin: string, now: Date) {
	if (meeting.status !== 'published') return 0;
	const free = meeting.places === null ? Number.MAX_SAFE_INTEGER : meeting.places - meeting.registeredCount;
	if (free <= 0) return 0;
	const next = await tx
		.select({ id: meetingRegistrations.id, code: meetingRegistrations.code, userId: users.id, email: users.email, locale: users.locale })
		.from(meetingRegistrations)
		.innerJoin(users, eq(users.id, meetingRegistrations.userId))
		.where(and(eq(meetingRegistrations.meetingId, meeting.id), eq(meetingRegistrations.status, 'waiting')))
		.orderBy(asc(meetingRegistrations.queueNumber))
		.limit(Math.min(free, 10_000));
	if (!next.length) return 0;
	await tx
		.update(meetingRegistrations)
		.set({ status: 'registered', updatedAt: now })
		.where(inArray(meetingRegistrations.id, next.map((r) => r.id)));
	await tx
		.update(meetings)
		.set({ registeredCount: sql`${meetings.registeredCount} + ${next.length}` })
		.where(eq(meetings.id, meeting.id));
	for (const person of next) await queueMail(tx, confirmationMail(meeting, person, 'registered', person.code, origin));
	await notifyUsers(tx, next.map((p) => p.userId), 'meeting_promoted', { title: meeting.title, url: meetingPath(meeting), meetingId: meeting.id }, { email: false });
	return next.length;
}

/**
 * Registers the actor. The meeting row is locked for the whole transaction, so the count of
 * registered people never passes the places, however many sign up at once; the rest wait.
 * Registering again while registered or waiting returns the existing registration.
 */
export async function register(db: Db, access: MeetingAccess, actor: Actor, origin: string, now = new Date()) {
	assertCan(actor, 'meeting.register', access.space.resource);
	const userId = actor.userId!;
	return db.transaction(async (tx) => {
		const meeting = await lockMeeting(tx, access.meeting.id);
		const [existing] = await tx
			.select()
			.from(meetingRegistrations)
			.where(and(eq(meetingRegistrations.meetingId, meeting.id), eq(meetingRegistrations.userId, userId)));
		if (existing && existing.status !== 'cancelled') return { registration: existing, created: false };
		if (meeting.status === 'closed') throw new ApiError('conflict', 'meetings.error.closed');
		if (meeting.status === 'cancelled') throw new ApiError('conflict', 'meetings.error.cancelled');
		if (!meeting.registrationsOpen) throw new ApiError('conflict', 'meetings.error.registrationsClosed');
		if (meeting.endsAt.getTime() <= now.getTime()) throw new ApiError('conflict', 'meetings.error.past');
		const status: RegistrationStatus = meeting.places === null || meeting.registeredCount < meeting.places ? 'registered' : 'waiting';
		const code = existing?.code ?? registrationCode();
		const values = { status, code, queuedAt: now, updatedAt: now };
		const [registration] = existing
			? await tx
					.update(meetingRegistrations)
					.set({ ...values, queueNumber: sql`nextval(pg_get_serial_sequence('meeting_registrations', 'queue_number'))` }).where(eq(meetingRegistrations.id, existing.id)).returning()
			: await tx.insert(meetingRegistrations).values({ meetingId: meeting.id, userId, ...values, createdAt: now }).returning();
		if (status === 'registered')
			await tx.update(meetings).set({ registeredCount: sql`${meetings.registeredCount} + 1` }).where(eq(meetings.id, meeting.id));
		const [person] = await tx.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, userId));
		await queueMail(tx, confirmationMail(meeting, person, status, code, origin));
		return { registration, created: true };
	});
}

/** Cancels the actor's registration; a freed place goes to the first person waiting. */
export async function unregister(db: Db, access: MeetingAccess, actor: Actor, origin: string, now = new Date()) {
	if (!actor.userId) throw new ApiError('unauthenticated', 'error.unauthenticated');
	const userId = actor.userId;
	return db.transaction(async (tx) => {
		const meeting = await lockMeeting(tx, access.meeting.id);
		const [existing] = await tx
			.select()
			.from(meetingRegistrations)
			.where(and(eq(meetingRegistrations.meetingId, meeting.id), eq(meetingRegistrations.userId, userId)));
		if (!existing || existing.status === 'cancelled') throw new ApiError('not_found', 'meetings.error.notRegistered');
		await tx.update(meetingRegistrations).set({ status: 'cancelled', updatedAt: now }).where(eq(meetingRegistrations.id, existing.id));
		if (existing.status === 'registered') {
			await tx.update(meetings).set({ registeredCount: sql`${meetings.registeredCount} - 1` }).where(eq(meetings.id, meeting.id));
			await promoteWaiting(tx, { ...meeting, registeredCount: meeting.registeredCount - 1 }, origin, now);
		}
	});
}

export async function registrationOf(db: DbOrTx, meetingId: string, userId: string | null) {
	if (!userId) return undefined;
	const [row] = await db
		.select()
		.from(meetingRegistrations)
		.where(and(eq(meetingRegistrations.meetingId, meetingId), eq(meetingRegistrations.userId, userId), ne(meetingRegistrations.status, 'cancelled')));
	return row;
}

/** 1-based place on the waiting list. */
export async function waitingPosition(db: DbOrTx, registration: Registration) {
	if (registration.status !== 'waiting') return null;
	const [row] = await db
		.select({ ahead: sql<number>`count(*)::int` })
		.from(meetingRegistrations)
		.where(
			and(
				eq(meetingRegistrations.meetingId, registration.meetingId),
				eq(meetingRegistrations.status, 'waiting'),
				lt(meetingRegistrations.queueNumber, registration.queueNumber)
			)
		);
	return row.ahead + 1;
}

/** The registrations of a meeting, for its organisers (name, status, code). */
export async function listRegistrations(db: DbOrTx, access: MeetingAccess, actor: Actor) {
	assertCan(actor, 'meeting.manage', access.space.resource);
	return db
		.select({ id: meetingRegistrations.id, status: meetingRegistrations.status, code: meetingRegistrations.code, name: users.displayName, queuedAt: meetingRegistrations.queuedAt })
		.from(meetingRegistrations)
		.innerJoin(users, eq(users.id, meetingRegistrations.userId))
		.where(and(eq(meetingRegistrations.meetingId, access.meeting.id), ne(meetingRegistrations.status, 'cancelled')))
		.orderBy(asc(meetingRegistrations.status), asc(meetingRegistrations.queueNumber));
}

export function toMeetingJson(meeting: Meeting, origin: string) {
	return {
		id: meeting.id,
		space: meeting.spaceSlug,
		organisation: meeting.organisationSlug,
		title: meeting.title,
		description: meeting.description,
		mode: meeting.mode,
		address: meeting.address,
		longitude: meeting.longitude,
		latitude: meeting.latitude,
		online_url: meeting.onlineUrl,
		starts_at: meeting.startsAt.toISOString(),
		ends_at: meeting.endsAt.toISOString(),
		timezone: meeting.timezone,
		agenda: meeting.agenda,
		links: meeting.links,
		status: meeting.status,
		registrations_open: meeting.registrationsOpen && meeting.status === 'published',
		places: meeting.places,
		registered: meeting.registeredCount,
		sequence: meeting.sequence,
		minutes: meeting.minutes,
		attendees: meeting.attendees,
		outcomes: meeting.outcomes,
		url: `${origin}${meetingPath(meeting)}`,
		calendar_url: `${origin}/api/v1/meetings/${meeting.id}/calendar.ics`
	};
}

export async function toRegistrationJson(db: DbOrTx, registration: Registration) {
	return {
		id: registration.id,
		meeting_id: registration.meetingId,
		status: registration.status,
		code: registration.code,
		waiting_position: await waitingPosition(db, registration)
	};
}

/** Announces a public meeting's change to the portal's subscribers (webhooks, chat), in the changing transaction. */
function emitMeetingEvent(
	tx: DbOrTx,
	type: 'meeting.published' | 'meeting.cancelled' | 'meeting.closed',
	meeting: Meeting,
	now: Date,
	data: Record<string, unknown> = {}
) {
	return emitEvent(tx, {
		type,
		organisationId: meeting.organisationId,
		spaceId: meeting.spaceId,
		occurredAt: now,
		summary: { title: meeting.title, url: meetingPath(meeting) },
		data: { meetingId: meeting.id, ...data }
	});
}
