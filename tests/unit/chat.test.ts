import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { announcement, CHAT_RETRY_DELAYS_MS } from '#lib/features/chat/server/jobs.js';
import { localpartFor } from '#lib/features/chat/server/matrix.js';
import { registrationYaml } from '#lib/features/chat/server/registration.js';
import { linkify, stripReplyFallback } from '#lib/features/chat/text.js';
import { ConfigError, loadConfig } from '#lib/server/config.js';

const env = { MATRIX_HOMESERVER_URL: 'https://matrix.auray.fr/', MATRIX_AS_TOKEN: 'as-secret', MATRIX_HS_TOKEN: 'hs-secret' };

describe('Matrix configuration', () => {
	it('is off without a homeserver, and takes the server name from the URL by default', () => {
		expect(loadConfig({}).matrix).toBeUndefined();
		expect(loadConfig(env).matrix).toEqual({
			homeserverUrl: 'https://matrix.auray.fr',
			serverName: 'matrix.auray.fr',
			asToken: 'as-secret',
			hsToken: 'hs-secret',
			userPrefix: 'parvis_'
		});
		expect(loadConfig({ ...env, MATRIX_SERVER_NAME: 'auray.fr' }).matrix?.serverName).toBe('auray.fr');
	});

	it('refuses a homeserver without its tokens, and a prefix Matrix ids cannot hold', () => {
		expect(() => loadConfig({ MATRIX_HOMESERVER_URL: 'https://matrix.auray.fr' })).toThrow(/MATRIX_AS_TOKEN and MATRIX_HS_TOKEN/);
		expect(() => loadConfig({ ...env, MATRIX_USER_PREFIX: 'Parvis ' })).toThrow(ConfigError);
		expect(() => loadConfig({ ...env, MATRIX_HOMESERVER_URL: 'ftp://matrix.auray.fr' })).toThrow(/MATRIX_HOMESERVER_URL/);
	});
});

describe('the application service registration', () => {
	it('owns the prefix’s users and aliases exclusively, with the configured tokens', () => {
		const config = loadConfig({ ...env, MATRIX_SERVER_NAME: 'auray.fr' }).matrix!;
		const registration = parse(registrationYaml(config, 'https://parvis.auray.fr/'));
		expect(registration).toEqual({
			id: 'parvis',
			url: 'https://parvis.auray.fr',
			as_token: 'as-secret',
			hs_token: 'hs-secret',
			sender_localpart: 'parvis_bot',
			rate_limited: false,
			namespaces: {
				users: [{ exclusive: true, regex: '@parvis_.*:auray\\.fr' }],
				aliases: [{ exclusive: true, regex: '#parvis_.*:auray\\.fr' }],
				rooms: []
			}
		});
		const users = new RegExp(`^${registration.namespaces.users[0].regex}$`);
		expect(users.test(`@${localpartFor(config, '0b6f2a5e-8c1d-4e7f-9a3b-2c4d5e6f7a8b')}:auray.fr`)).toBe(true);
		expect(users.test('@parvis_x:auray.fr.evil')).toBe(false);
		expect(parse(registrationYaml(config, undefined)).url).toBeNull();
	});
});

describe('announcements', () => {
	it('label the event, link the item and escape the HTML version', () => {
		expect(announcement('proposal.published', 'Des <bancs> & des arbres', 'https://parvis.auray.fr/spaces/b/proposals/3')).toEqual({
			msgtype: 'm.notice',
			body: 'Nouvelle proposition : Des <bancs> & des arbres — https://parvis.auray.fr/spaces/b/proposals/3',
			format: 'org.matrix.custom.html',
			formatted_body: 'Nouvelle proposition : <a href="https://parvis.auray.fr/spaces/b/proposals/3">Des &lt;bancs&gt; &amp; des arbres</a>'
		});
		expect(announcement('vote.closed', 'Budget', 'https://x.fr/v').body).toMatch(/^Vote clos : /);
		expect(announcement('something.new', 'Budget', 'https://x.fr/v').body).toMatch(/^Nouveauté : /);
	});

	it('retry quickly first, then back off to hourly for about a day', () => {
		expect(CHAT_RETRY_DELAYS_MS.slice(0, 3)).toEqual([1_000, 2_000, 5_000]);
		const total = CHAT_RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0);
		expect(total).toBeGreaterThan(24 * 60 * 60_000);
		expect(Math.max(...CHAT_RETRY_DELAYS_MS)).toBe(60 * 60_000);
	});
});

describe('message text', () => {
	const site = 'https://parvis.auray.fr';
	it('turns portal links into in-tab paths and other links into external ones, the rest stays text', () => {
		expect(linkify('Voir https://parvis.auray.fr/spaces/budget/proposals/4, et https://exemple.org/doc.', site)).toEqual([
			{ text: 'Voir ' },
			{ text: 'https://parvis.auray.fr/spaces/budget/proposals/4', href: '/spaces/budget/proposals/4', internal: true },
			{ text: ', et ' },
			{ text: 'https://exemple.org/doc', href: 'https://exemple.org/doc', internal: false },
			{ text: '.' }
		]);
		expect(linkify('cf. /spaces/budget#chat', site)).toEqual([{ text: 'cf. ' }, { text: '/spaces/budget#chat', href: '/spaces/budget#chat', internal: true }]);
		expect(linkify('<script>alert(1)</script> javascript:alert(1)', site)).toEqual([{ text: '<script>alert(1)</script> javascript:alert(1)' }]);
	});

	it('drops the reply fallback quote older clients add', () => {
		expect(stripReplyFallback('> <@a:x> Bonjour\n> suite\n\nMa réponse')).toBe('Ma réponse');
		expect(stripReplyFallback('Pas de citation')).toBe('Pas de citation');
	});
});
