/**
 * Webhook addresses cannot reach the server's own machine or its local network unless the
 * operator allows it (OUTBOUND_ALLOW_PRIVATE_NETWORKS): refused at registration with a precise
 * 400, and refused again at delivery time after DNS resolution (an endpoint whose name now leads
 * to loopback gets nothing, and the attempt says why).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { webhookEndpoints } from '#lib/server/db/schema.js';
import { generateWebhookSecret } from '#lib/server/webhooks/standard-webhooks.js';
import { clientOf } from '../support/people.js';
import { startRegisterWorld, type RegisterWorld } from '../support/register.js';
import { waitUntil } from '../support/wait.js';

let t: RegisterWorld;
let rebound: string;

beforeAll(async () => {
	t = await startRegisterWorld({
		env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'false' },
		prepare: async (db, world, receiver) => {
			// Registered when its name still led elsewhere (or before the rule): `localhost` is loopback now.
			const localhost = receiver.url.replace('127.0.0.1', 'localhost');
			[{ id: rebound }] = await db
				.insert(webhookEndpoints)
				.values({ organisationId: world.organisationId, url: localhost, description: 'Renommé', eventTypes: [], secret: generateWebhookSecret() })
				.returning({ id: webhookEndpoints.id });
		}
	});
}, 120_000);
afterAll(() => t?.dispose());

it('refuses a loopback, private or link-local webhook address with a precise 400', async () => {
	const { api, receiver, organisationSlug, server, admin } = t;
	const create = (url: string) => api('POST', `/api/v1/organisations/${organisationSlug}/webhooks`, { url, description: '', event_types: [] });
	const loopback = await create(receiver.url);
	expect(loopback.status).toBe(400);
	expect(loopback.body).toEqual({
		error: {
			code: 'bad_request',
			message:
				'Adresse refusée : 127.0.0.1 mène à 127.0.0.1, une adresse de la machine elle-même ou du réseau local. Sur un intranet, l’administrateur du serveur peut l’autoriser avec OUTBOUND_ALLOW_PRIVATE_NETWORKS=true.',
			fields: { url: 'Cette adresse mène à la machine elle-même ou au réseau local : elle est refusée.' }
		}
	});
	for (const url of ['http://localhost:8080/hook', 'http://[::1]/hook', 'http://10.1.2.3/hook', 'http://192.168.1.10/hook', 'http://169.254.169.254/latest/meta-data', 'http://[fd00::1]/hook', 'http://[::ffff:127.0.0.1]/hook'])
		expect((await create(url)).body.error?.code, url).toBe('bad_request');
	expect((await api('GET', `/api/v1/organisations/${organisationSlug}/webhooks`)).body.items.map((e: any) => e.id)).toEqual([rebound]);

	const moved = await api('PATCH', `/api/v1/webhooks/${rebound}`, { url: 'http://127.0.0.2/hook' });
	expect(moved.status).toBe(400);
	expect(moved.body.error.fields.url).toBe('Cette adresse mène à la machine elle-même ou au réseau local : elle est refusée.');

	const form = await clientOf(server, admin).submit(`/organisations/${organisationSlug}/webhooks?/create`, { url: receiver.url, description: 'GED' });
	expect(form.status).toBe(400);
	expect(form.fieldErrors.url).toBe('Cette adresse mène à la machine elle-même ou au réseau local : elle est refusée.');
});

it('refuses again at delivery time, after resolving the name: the receiver gets nothing and the attempt says why', async () => {
	const { api, receiver } = t;
	const adopted = await t.adopt('Arrêté de stationnement', 'decree', 'Stationnement');
	expect(adopted.status, JSON.stringify(adopted.body)).toBe(201);
	const attempt = await waitUntil('the refused attempt', async () => (await api('GET', `/api/v1/webhooks/${rebound}/deliveries`)).body.items[0]?.history[0]);
	expect(attempt.response_status).toBeNull();
	expect(attempt.error).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a private or local address \(set OUTBOUND_ALLOW_PRIVATE_NETWORKS=true to allow it\)$/);
	expect(attempt.next_retry_at).not.toBeNull();
	expect(receiver.received).toEqual([]);
});
