/**
 * What the register's server tests share: a fresh server whose organisation administrator is
 * signed in, a local webhook receiver, and adoption of a new document in one call.
 */
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '#lib/server/db/client.js';
import { organisations } from '#lib/server/db/schema.js';
import { seedCommunity, type Community, type Person } from './community.js';
import type { JsonResponse } from './http.js';
import { apiAs, openSessions, type SignedIn } from './people.js';
import { startServer, type TestServer } from './server.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

export interface RegisterWorld {
	server: TestServer;
	receiver: WebhookReceiver;
	world: Community;
	organisationSlug: string;
	admin: Person & SignedIn;
	/** An API call as the organisation's administrator. */
	api<T = any>(method: string, path: string, body?: unknown): Promise<JsonResponse<T>>;
	/** Writes a document, freezes a version and adopts it (today, published at once); returns the API's answer. */
	adopt(title: string, type: string, subject: string): Promise<JsonResponse<any>>;
	dispose(): Promise<void>;
}

export async function startRegisterWorld(
	options: { env?: Record<string, string>; prepare?: (db: Database['db'], world: Community, receiver: WebhookReceiver) => Promise<void> } = {}
): Promise<RegisterWorld> {
	const receiver = await startWebhookReceiver();
	let world!: Community;
	let organisationSlug = '';
	let admin!: Person & SignedIn;
	const server = await startServer({
		env: options.env,
		prepare: async (db) => {
			world = await seedCommunity(db, { citizens: 0 });
			[{ slug: organisationSlug }] = await db.select({ slug: organisations.slug }).from(organisations).where(eq(organisations.id, world.organisationId));
			[admin] = await openSessions(db, [world.people.orgAdmin]);
			await options.prepare?.(db, world, receiver);
		}
	});
	const api = <T = any>(method: string, path: string, body?: unknown) => apiAs<T>(server, admin, method, path, body);
	return {
		server,
		receiver,
		world,
		organisationSlug,
		admin,
		api,
		async adopt(title, type, subject) {
			const document = await api('POST', `/api/v1/spaces/${world.space.slug}/documents`, { title, content: `${title}.`, visibility: 'space' });
			const version = await api('POST', `/api/v1/documents/${document.body.id}/versions`, { name: 'Version adoptée' });
			expect(version.status, JSON.stringify(version.body)).toBe(201);
			return api('POST', '/api/v1/acts', {
				version_id: version.body.id,
				type,
				adopted_on: new Date().toISOString().slice(0, 10),
				signatory_name: 'Claire Le Goff',
				signatory_title: 'Maire',
				subject
			});
		},
		async dispose() {
			await server.dispose();
			await receiver.close();
		}
	};
}
