import { randomBytes } from 'node:crypto';

/** Every demo account (see src/lib/server/seed/demo.ts) shares this password. */
export const DEMO_PASSWORD = 'Parvis-demo-2026';

export const demoAccounts = {
	admin: 'admin@parvis.example',
	orgadmin: 'orgadmin@parvis.example',
	agent: 'agent@parvis.example',
	elu: 'elu@parvis.example',
	delegue: 'delegue@parvis.example',
	citoyen: 'citoyen@parvis.example'
} as const;

export interface Identity {
	displayName: string;
	email: string;
	password: string;
}

/** A new person for each test: the shared database never sees the same address twice. */
export function newIdentity(label = 'e2e'): Identity {
	const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
	return {
		displayName: `Test ${label} ${id}`,
		email: `${label}.${id}@e2e.parvis.example`,
		password: `Essai-${randomBytes(6).toString('hex')}-Parvis`
	};
}
