import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks (https://www.standardwebhooks.com/): the signature every outgoing webhook of
 * Parvis carries, whoever sends it (publication register, issue-report connectors…), so one
 * receiver-side verifier works for all of them.
 */

const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` + base64 of 32 random bytes, as the specification shapes them. */
export function generateWebhookSecret() {
	return SECRET_PREFIX + randomBytes(32).toString('base64');
}

export function isWebhookSecret(value: string) {
	if (!value.startsWith(SECRET_PREFIX)) return false;
	const key = Buffer.from(value.slice(SECRET_PREFIX.length), 'base64');
	return key.length >= 24 && key.length <= 64;
}

function secretKey(secret: string) {
	return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string) {
	const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
	return `v1,${mac}`;
}

/** The three headers of one delivery attempt; `id` stays the same on every retry of a message. */
export function webhookHeaders(secret: string, id: string, body: string, now = new Date()) {
	const timestamp = Math.floor(now.getTime() / 1000);
	return {
		'webhook-id': id,
		'webhook-timestamp': String(timestamp),
		'webhook-signature': signWebhook(secret, id, timestamp, body)
	};
}

/** Receiver side: one of the space-separated `v1,` signatures matches and the timestamp is fresh. */
export function verifyWebhook(
	secret: string,
	headers: { id: string; timestamp: string; signature: string },
	body: string,
	{ now = new Date(), toleranceSeconds = 5 * 60 } = {}
) {
	const timestamp = Number(headers.timestamp);
	if (!Number.isInteger(timestamp)) return false;
	if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
	const expected = Buffer.from(signWebhook(secret, headers.id, timestamp, body));
	return headers.signature.split(' ').some((candidate) => {
		const given = Buffer.from(candidate);
		return given.length === expected.length && timingSafeEqual(given, expected);
	});
}
