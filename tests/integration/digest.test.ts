import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAILY_DIGEST_JOB, nextDigestAt, notificationEmailHandlers, scheduleDailyDigest } from '#lib/features/notifications/server/email.js';
import { notifyUsers } from '#lib/features/notifications/server/notifications.js';
import { notifications, outboxJobs, users } from '#lib/server/db/schema.js';
import type { MailMessage } from '#lib/server/mail/mail.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

// The digest is a scheduled job, not something a person triggers: it is exercised through the
// outbox handler the worker runs, with the clock passed in.
let database: TestDatabase;
beforeAll(async () => {
	database = await createTestDatabase('demo');
});
afterAll(async () => {
	await database?.close();
});

describe('daily digest', () => {
	it('is scheduled at 06:00 UTC, once', async () => {
		expect(nextDigestAt(new Date('2026-11-22T05:59:00Z')).toISOString()).toBe('2026-11-22T06:00:00.000Z');
		expect(nextDigestAt(new Date('2026-11-22T06:00:00Z')).toISOString()).toBe('2026-11-23T06:00:00.000Z');
		await scheduleDailyDigest(database.db);
		await scheduleDailyDigest(database.db);
		const pending = await database.db.select().from(outboxJobs).where(eq(outboxJobs.kind, DAILY_DIGEST_JOB));
		expect(pending).toHaveLength(1);
	});

	it('gathers the day’s notifications of "daily" people into one e-mail each, and never sends them twice', async () => {
		const { db } = database;
		const people = await db.select().from(users).where(sql`${users.email} in ('citoyen@parvis.example', 'elu@parvis.example')`);
		const [citizen, elected] = people.sort((a, b) => a.email.localeCompare(b.email));
		await db.update(users).set({ notificationPreferences: { email: 'daily' } }).where(eq(users.id, citizen.id));
		await db.update(users).set({ notificationPreferences: { email: 'never' } }).where(eq(users.id, elected.id));
		for (const title of ['Vote', 'Résultats'])
			await notifyUsers(db, [citizen.id, elected.id], 'space.phase_started', { title, url: '/spaces/budget-participatif-2027' });

		const sent: MailMessage[] = [];
		const handlers = notificationEmailHandlers(db, async (message) => void sent.push(message), () => 'https://participer.example.fr', () => new Date('2026-11-23T06:00:00Z'));
		await handlers[DAILY_DIGEST_JOB]({}, { id: 'digest', attempt: 1 });
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ to: 'citoyen@parvis.example', subject: 'Parvis : votre résumé du jour (2 nouveauté(s))' });
		expect(sent[0].text).toContain('Nouvelle phase : « Vote »');
		expect(sent[0].text).toContain('https://participer.example.fr/spaces/budget-participatif-2027');

		await handlers[DAILY_DIGEST_JOB]({}, { id: 'digest', attempt: 1 });
		expect(sent).toHaveLength(1);
		const unsent = await db.select().from(notifications).where(sql`${notifications.userId} = ${citizen.id} and ${notifications.emailedAt} is null`);
		expect(unsent).toEqual([]);
		const next = await db.select().from(outboxJobs).where(sql`${outboxJobs.kind} = ${DAILY_DIGEST_JOB} and ${outboxJobs.runAt} = '2026-11-24T06:00:00Z'`);
		expect(next.length).toBeGreaterThan(0);
	});
});
