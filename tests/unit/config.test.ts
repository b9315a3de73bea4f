import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_GEOCODER_URL, DEFAULT_MAP_TILE_URL, loadConfig } from '#lib/server/config.js';

describe('loadConfig', () => {
	it('accepts an empty environment with documented defaults: embedded database, dev mailbox, demo data', () => {
		expect(loadConfig({})).toEqual({
			databaseUrl: undefined,
			pgliteDataDir: './data/pglite',
			siteUrl: undefined,
			smtpUrl: undefined,
			mailFrom: 'Parvis <no-reply@parvis.localhost>',
			devMailbox: true,
			seedDemo: true,
			outboxPollMs: 1000,
			apiRateLimit: { anonymous: 300, user: 1200 },
			map: { tileUrl: DEFAULT_MAP_TILE_URL, tileAttribution: undefined },
			opendataLicence: 'etalab-2.0',
			matrix: undefined,
			open311PollMs: 300_000,
			geocoderUrl: DEFAULT_GEOCODER_URL,
			reportMaxPhotos: 3,
			documentSnapshotIntervalMs: 600_000,
			outbound: { allowPrivateNetworks: false }
		});
	});

	it('address search can point at another geocoder or be switched off; anything else is refused', () => {
		expect(loadConfig({ GEOCODER_URL: 'https://adresse.example.fr/api/' }).geocoderUrl).toBe('https://adresse.example.fr/api');
		expect(loadConfig({ GEOCODER_URL: 'none' }).geocoderUrl).toBeNull();
		expect(loadConfig({ GEOCODER_URL: '' }).geocoderUrl).toBeNull();
		expect(() => loadConfig({ GEOCODER_URL: 'adresse.example.fr' })).toThrow(/GEOCODER_URL/);
	});

	it('map tiles can be switched off and the open-data licence changed; an unknown licence is refused', () => {
		expect(loadConfig({ MAP_TILE_URL: 'none', OPENDATA_LICENCE: 'odbl-1.0' })).toMatchObject({ map: { tileUrl: null }, opendataLicence: 'odbl-1.0' });
		expect(loadConfig({ MAP_TILE_URL: '' }).map.tileUrl).toBeNull();
		expect(loadConfig({ MAP_TILE_URL: 'https://tiles.example.fr/{z}/{x}/{y}.png' }).map.tileUrl).toBe('https://tiles.example.fr/{z}/{x}/{y}.png');
		expect(() => loadConfig({ OPENDATA_LICENCE: 'cc-by' })).toThrow(/OPENDATA_LICENCE/);
	});

	it('reads the automatic version interval of documents in seconds; zero is refused', () => {
		expect(loadConfig({ DOCUMENT_SNAPSHOT_INTERVAL_SECONDS: '2' }).documentSnapshotIntervalMs).toBe(2000);
		expect(() => loadConfig({ DOCUMENT_SNAPSHOT_INTERVAL_SECONDS: '0' })).toThrow(/DOCUMENT_SNAPSHOT_INTERVAL_SECONDS/);
	});

	it('treats empty values as unset', () => {
		expect(loadConfig({ DATABASE_URL: '', SMTP_URL: '', OUTBOX_POLL_MS: '' })).toMatchObject({
			databaseUrl: undefined,
			smtpUrl: undefined,
			outboxPollMs: 1000
		});
	});

	it('on PostgreSQL with SMTP: no demo data and no dev mailbox unless asked', () => {
		const config = loadConfig({
			DATABASE_URL: 'postgres://parvis@db:5432/parvis',
			SMTP_URL: 'smtp://mail.example.fr:587',
			SITE_URL: 'https://parvis.example.fr/',
			OUTBOX_POLL_MS: '250'
		});
		expect(config).toMatchObject({
			databaseUrl: 'postgres://parvis@db:5432/parvis',
			smtpUrl: 'smtp://mail.example.fr:587',
			siteUrl: 'https://parvis.example.fr',
			devMailbox: false,
			seedDemo: false,
			outboxPollMs: 250
		});
		expect(loadConfig({ DATABASE_URL: 'postgresql://db/parvis', SEED_DEMO: 'true', DEV_MAILBOX: 'on', SMTP_URL: 'smtps://m.example.fr' }))
			.toMatchObject({ seedDemo: true, devMailbox: true });
	});

	it.each([
		['DATABASE_URL', 'mysql://x', 'expected a URL such as postgres://'],
		['DATABASE_URL', 'not a url', 'expected a URL such as postgres://'],
		['OUTBOX_POLL_MS', 'abc', 'expected a positive whole number'],
		['OUTBOX_POLL_MS', '-5', 'expected a positive whole number'],
		// 0 would make the outbox worker poll without pause.
		['OUTBOX_POLL_MS', '0', 'expected a positive whole number'],
		['API_RATE_LIMIT_USER', '1.5', 'expected a positive whole number'],
		['SMTP_URL', 'http://mail.example.fr', 'expected a URL such as smtp://'],
		['SITE_URL', 'ftp://parvis.example.fr', 'expected a URL such as https://'],
		['SEED_DEMO', 'maybe', 'expected one of: auto, true, false'],
		['DEV_MAILBOX', 'yes', 'expected one of: auto, on, off']
	])('rejects %s=%s, naming the variable and its value', (name, value, why) => {
		let error: unknown;
		try {
			loadConfig({ [name]: value });
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(ConfigError);
		expect((error as Error).message).toContain(`${name}=${JSON.stringify(value)}: ${why}`);
	});

	it('names every bad variable in one error', () => {
		expect(() => loadConfig({ DATABASE_URL: 'mysql://x', OUTBOX_POLL_MS: 'abc' })).toThrow(
			/^Invalid configuration:\n {2}DATABASE_URL="mysql:\/\/x": .*\n {2}OUTBOX_POLL_MS="abc": /
		);
	});
});
