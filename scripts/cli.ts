// Administration commands: `npm run parvis -- <command> [--option value]`. See the README.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { signUpInput } from '#lib/features/accounts/api.js';
import { findUserByEmail, signUp } from '#lib/features/accounts/server/accounts.js';
import { createApiToken } from '#lib/features/accounts/server/api-tokens.js';
import { memberRoles } from '#lib/features/organisations/schema.js';
import { addMember, findOrganisation } from '#lib/features/organisations/server/organisations.js';
import { ApiError } from '#lib/server/api/errors.js';
import { validate } from '#lib/server/api/validation.js';
import { recordAdminAction } from '#lib/server/audit/audit.js';
import { anonymous } from '#lib/server/auth/policy.js';
import { ConfigError, loadConfig } from '#lib/server/config.js';
import { DatabaseInUseError, openDatabase, type Database } from '#lib/server/db/client.js';
import { seedDemo } from '#lib/server/seed/demo.js';
import { registrationYaml } from '#lib/features/chat/server/registration.js';
import { localise, localiseFields } from '#lib/server/api/errors.js';

const usage = `Usage: npm run parvis -- <command> [options]

Commands:
  db:migrate                         apply pending migrations
  seed:demo                          fill an empty database with the demo territory and accounts
  user:create --email E --name N --password P [--role citizen|platform_admin]
              [--organisation SLUG --organisation-role member|elected|agent|admin]
                                     create a verified account (and give it a role)
  token:create --user E [--name N] [--days D]
                                     create a personal API token and print it (shown once)
  matrix:registration                print the Matrix application service registration (YAML)
                                     from MATRIX_* and SITE_URL, for the homeserver (docs/matrix.md)

The database is the one the server uses: DATABASE_URL, else PGLITE_DATA_DIR (default ./data/pglite).
Stop the server first when it runs on embedded PostgreSQL: PGlite allows one process at a time.`;

const cliActor = { ...anonymous };
const CLI = 'command line';

function fail(message: string): never {
	console.error(message);
	process.exit(2);
}

const commands: Record<string, (database: Database, options: Record<string, string | undefined>) => Promise<void>> = {
	'db:migrate': async () => {
		console.log('Migrations applied.');
	},
	'seed:demo': async ({ db }) => {
		console.log((await seedDemo(db)) ? 'Demo data created.' : 'The database already has organisations: nothing done.');
	},
	'user:create': async ({ db }, options) => {
		const role = z.enum(['citizen', 'platform_admin']).safeParse(options.role ?? 'citizen');
		if (!role.success) fail('--role must be citizen or platform_admin');
		const input = validate(signUpInput, { email: options.email, password: options.password, displayName: options.name, locale: options.locale ?? 'fr' }, 'en');
		if (!input.success) fail(Object.entries(input.fields).map(([field, message]) => `--${field === 'displayName' ? 'name' : field}: ${message}`).join('\n'));
		const user = await signUp(db, input.data, { siteUrl: '' }, { verified: true, isPlatformAdmin: role.data === 'platform_admin' });
		await recordAdminAction(db, { actorId: null, actorLabel: CLI, action: 'user.create', targetType: 'user', targetId: user.id, details: { email: user.email, role: role.data } });
		if (options.organisation) {
			const org = await findOrganisation(db, options.organisation);
			if (!org) fail(`No organisation "${options.organisation}"`);
			const orgRole = z.enum(memberRoles).safeParse(options['organisation-role'] ?? 'member');
			if (!orgRole.success) fail(`--organisation-role must be one of ${memberRoles.join(', ')}`);
			await addMember(db, cliActor, org, { email: user.email, role: orgRole.data }, CLI);
		}
		console.log(`User ${user.email} created (${user.id}).`);
	},
	'token:create': async ({ db }, options) => {
		if (!options.user) fail('--user <email> is required');
		const user = await findUserByEmail(db, options.user);
		if (!user) fail(`No account with the address ${options.user}`);
		const days = Number(options.days ?? 90);
		if (!Number.isInteger(days) || days < 1 || days > 365) fail('--days must be a whole number from 1 to 365');
		const { token, record } = await createApiToken(db, user.id, { name: options.name ?? 'command line', days });
		await recordAdminAction(db, { actorId: null, actorLabel: CLI, action: 'token.create', targetType: 'user', targetId: user.id, details: { tokenId: record.id } });
		console.log(token);
	}
};

/** Commands that only read the configuration (no database). */
const configCommands: Record<string, (config: ReturnType<typeof loadConfig>) => void> = {
	'matrix:registration': (config) => {
		if (!config.matrix) fail('Set MATRIX_HOMESERVER_URL, MATRIX_AS_TOKEN and MATRIX_HS_TOKEN first (see docs/matrix.md).');
		process.stdout.write(registrationYaml(config.matrix, config.siteUrl));
	}
};

const [command, ...rest] = process.argv.slice(2);
if (command && configCommands[command]) {
	try {
		configCommands[command](loadConfig(process.env));
	} catch (error) {
		if (error instanceof ConfigError) fail(error.message);
		throw error;
	}
	process.exit(0);
}
if (!command || command === 'help' || command === '--help' || !commands[command]) {
	console.log(usage);
	process.exit(command && !['help', '--help'].includes(command) ? 2 : 0);
}
const { values } = parseArgs({
	args: rest,
	options: Object.fromEntries(
		['email', 'name', 'password', 'role', 'organisation', 'organisation-role', 'user', 'days', 'locale'].map((name) => [name, { type: 'string' as const }])
	),
	strict: true
});

let database: Database | undefined;
try {
	const config = loadConfig(process.env);
	database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
	await database.migrate();
	await commands[command](database, values);
} catch (error) {
	if (error instanceof ConfigError || error instanceof DatabaseInUseError) fail(error.message);
	if (error instanceof ApiError) {
		const fields = localiseFields(error.fields, 'en');
		fail(`${localise(error.message, 'en')}${fields ? `\n${Object.entries(fields).map(([f, m]) => `  ${f}: ${m}`).join('\n')}` : ''}`);
	}
	throw error;
} finally {
	await database?.close();
}
