import { hash, verify } from '@node-rs/argon2';

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane). */
const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** Hash of a random password: verified against when the account does not exist, so timing does not tell. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
	decoyHash ??= hashPassword(crypto.randomUUID());
	return decoyHash;
}

const commonPasswords = new Set([
	'123456789012',
	'azertyuiopqs',
	'motdepasse123',
	'password1234',
	'passwordpassword',
	'qwertyuiopas',
	'000000000000',
	'111111111111',
	'azertyazerty',
	'motdepassemotdepasse'
]);

/** Refuses the passwords every dictionary attack tries first. */
export function isCommonPassword(password: string): boolean {
	const lowered = password.toLowerCase();
	return commonPasswords.has(lowered) || /^(.)\1+$/.test(password);
}
