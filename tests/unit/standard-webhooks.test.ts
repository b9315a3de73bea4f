import { describe, expect, it } from 'vitest';
import {
	generateWebhookSecret,
	isWebhookSecret,
	signWebhook,
	verifyWebhook,
	webhookHeaders
} from '#lib/server/webhooks/standard-webhooks.js';

// The example published with the Standard Webhooks specification and its reference libraries.
const vector = {
	secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
	id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
	timestamp: 1614265330,
	body: '{"test": 2432232314}',
	signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
};

describe('Standard Webhooks signatures', () => {
	it('reproduces the specification test vector', () => {
		expect(signWebhook(vector.secret, vector.id, vector.timestamp, vector.body)).toBe(vector.signature);
	});

	it('verifies the vector at its own time, and refuses it five minutes and one second later', () => {
		const headers = { id: vector.id, timestamp: String(vector.timestamp), signature: vector.signature };
		const at = (seconds: number) => ({ now: new Date(seconds * 1000) });
		expect(verifyWebhook(vector.secret, headers, vector.body, at(vector.timestamp))).toBe(true);
		expect(verifyWebhook(vector.secret, headers, vector.body, at(vector.timestamp + 301))).toBe(false);
	});

	it('refuses a changed body, another id, another secret, and accepts one valid signature among several', () => {
		const now = new Date('2026-11-22T10:00:00Z');
		const secret = generateWebhookSecret();
		const headers = webhookHeaders(secret, 'msg_1', '{"a":1}', now);
		const given = { id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'] };
		expect(verifyWebhook(secret, given, '{"a":1}', { now })).toBe(true);
		expect(verifyWebhook(secret, given, '{"a":2}', { now })).toBe(false);
		expect(verifyWebhook(secret, { ...given, id: 'msg_2' }, '{"a":1}', { now })).toBe(false);
		expect(verifyWebhook(generateWebhookSecret(), given, '{"a":1}', { now })).toBe(false);
		const rotated = { ...given, signature: `v1,bm90IGl0 ${given.signature}` };
		expect(verifyWebhook(secret, rotated, '{"a":1}', { now })).toBe(true);
	});

	it('generates secrets in the whsec_ shape', () => {
		const secret = generateWebhookSecret();
		expect(isWebhookSecret(secret)).toBe(true);
		expect(isWebhookSecret('whsec_short')).toBe(false);
		expect(isWebhookSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe(false);
	});
});
