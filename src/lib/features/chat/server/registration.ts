import { stringify } from 'yaml';
import type { MatrixConfig } from '#lib/server/config.js';
import { BOT_LOCALPART_SUFFIX, escapeRegExp } from './matrix.js';


/**
 * The application service registration (Application Service API, "Registration") to give the
 * homeserver: Parvis owns the users and room aliases that start with its prefix, exclusively.
 * `url` is where the homeserver pushes transactions (`/_matrix/app/v1/transactions`).
 */
export function registrationYaml(config: MatrixConfig, parvisUrl: string | undefined) {
	const server = escapeRegExp(config.serverName);
	const prefix = escapeRegExp(config.userPrefix);
	return stringify({
		id: 'parvis',
		url: parvisUrl ? parvisUrl.replace(/\/$/, '') : null,
		as_token: config.asToken,
		hs_token: config.hsToken,
		sender_localpart: `${config.userPrefix}${BOT_LOCALPART_SUFFIX}`,
		rate_limited: false,
		namespaces: {
			users: [{ exclusive: true, regex: `@${prefix}.*:${server}` }],
			aliases: [{ exclusive: true, regex: `#${prefix}.*:${server}` }],
			rooms: []
		}
	});
}
