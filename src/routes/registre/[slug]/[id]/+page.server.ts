import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findAct, withdrawableFrom } from '#lib/features/publications/server/acts.js';
import { can } from '#lib/server/auth/policy.js';
import { getRuntime } from '#lib/server/runtime.js';

/** An act's permanent page: what the law asks to show, the files and their hashes. */
export const load: PageServerLoad = async (event) => {
	const found = await findAct(getRuntime().database.db, event.params.id);
	const { actor } = event.locals;
	const mayAdopt = found ? can(actor, 'publications.adopt', { organisationId: found.act.organisationId }) : false;
	if (!found || found.act.organisationSlug !== event.params.slug || (found.act.publishedAt > new Date() && !mayAdopt)) error(404, 'Acte introuvable');
	const { act, files, corrects, correctedBy } = found;
	const fileUrl = (file: (typeof files)[number]) => `/api/v1/acts/${act.id}/${file.kind === 'attachment' ? `attachments/${file.id}` : file.kind}`;
	return {
		act: {
			id: act.id,
			type: act.type,
			number: act.number,
			title: act.title,
			subject: act.subject,
			category: act.category,
			adoptedOn: act.adoptedOn,
			signatory: `${act.signatoryName}, ${act.signatoryTitle}`,
			publishedAt: act.publishedAt.toISOString(),
			scheduled: act.publishedAt > new Date(),
			withdrawnAt: act.withdrawnAt?.toISOString() ?? null,
			withdrawalReason: act.withdrawalReason,
			withdrawableFrom: withdrawableFrom(act).toISOString()
		},
		organisation: { slug: act.organisationSlug, name: act.organisationName },
		files: files.map((file) => ({ id: file.id, kind: file.kind, filename: file.filename, size: file.size, sha256: file.sha256, url: fileUrl(file) })),
		corrects,
		correctedBy
	};
};
