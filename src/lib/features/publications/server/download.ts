import type { Actor } from '#lib/server/auth/policy.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import type { ActFileKind } from '../schema.js';
import { actFileData, actOr404 } from './acts.js';

/** The response of a file download: the stored bytes as they are, their hash in a header. */
export async function actFileResponse(db: DbOrTx, actor: Actor, actId: string, kind: ActFileKind, fileId?: string) {
	const { file, data } = await actFileData(db, await actOr404(db, actId, actor), kind, fileId);
	const inline = kind !== 'attachment';
	return new Response(Buffer.from(data), {
		headers: {
			'content-type': file.contentType,
			'content-length': String(data.length),
			'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
			'x-content-sha256': file.sha256,
			// The bytes never change: cache them for good (the act's page says if it was withdrawn).
			'cache-control': 'public, max-age=31536000, immutable',
			// The HTML rendering is the act's text, not a page of the portal: no scripts, no styles from elsewhere.
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; sandbox",
			'x-content-type-options': 'nosniff'
		}
	});
}
