import type { DbOrTx } from '#lib/server/db/client.js';
import { escapeHtml } from '#lib/server/markdown.js';
import { registerQuery } from '../api.js';
import { actPath, listRegister, typeLabel, withDetails } from './acts.js';

/** Atom (RFC 4287) feed of the 50 latest published acts; the entry id is the act's permanent URL. */
export async function renderActsFeed(db: DbOrTx, organisation: { id: string; slug: string; name: string }, siteUrl: string, now = new Date()) {
	const page = await listRegister(db, organisation.id, registerQuery.parse({ limit: 50 }), now);
	const entries = await withDetails(db, page.items);
	const self = `${siteUrl}/registre/${organisation.slug}/flux.atom`;
	const updated = (entries[0]?.act.withdrawnAt ?? entries[0]?.act.publishedAt ?? now).toISOString();
	const xml = (text: string) => escapeHtml(text);
	return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
<title>${xml(`Registre des actes — ${organisation.name}`)}</title>
<id>${xml(self)}</id>
<link rel="self" href="${xml(self)}"/>
<link rel="alternate" type="text/html" href="${xml(`${siteUrl}/registre/${organisation.slug}`)}"/>
<updated>${updated}</updated>
<author><name>${xml(organisation.name)}</name></author>
${entries
	.map(({ act, files }) => {
		const url = siteUrl + actPath(act);
		const pdf = files.find((f) => f.kind === 'pdf');
		const summary = `${act.subject} — signé par ${act.signatoryName}, ${act.signatoryTitle}${pdf ? ` — SHA-256 du PDF : ${pdf.sha256}` : ''}${act.withdrawnAt ? ` — retiré le ${act.withdrawnAt.toISOString().slice(0, 10)}` : ''}`;
		return `<entry>
<title>${xml(`${typeLabel(act.type)} n° ${act.number} — ${act.title}`)}</title>
<id>${xml(url)}</id>
<link rel="alternate" type="text/html" href="${xml(url)}"/>
${pdf && !act.withdrawnAt ? `<link rel="enclosure" type="application/pdf" length="${pdf.size}" href="${xml(`${siteUrl}/api/v1/acts/${act.id}/pdf`)}"/>\n` : ''}<published>${act.publishedAt.toISOString()}</published>
<updated>${(act.withdrawnAt ?? act.publishedAt).toISOString()}</updated>
<category term="${act.type}" label="${xml(typeLabel(act.type))}"/>
<summary>${xml(summary)}</summary>
</entry>`;
	})
	.join('\n')}
</feed>
`;
}
