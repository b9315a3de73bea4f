import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { spaces, users } from '#lib/server/db/schema.js';
import { createDocument, createVersion, setMemberRole } from './documents.js';
import { markdownToJson } from './import.js';

const DRAFT = `## Exposé des motifs

La ville d’Auray consacre **300 000 €** de son budget d’investissement 2027 aux projets proposés par les habitantes et les habitants.

## Décision

Le conseil municipal, après en avoir délibéré :

1. approuve le règlement du budget participatif 2027 ;
2. fixe l’enveloppe à 300 000 € ;
3. autorise le maire à signer tout document utile.

| Phase | Dates |
| --- | --- |
| Idées | janvier – mars |
| Analyse | avril – mai |
| Vote | juin |
`;

/**
 * Demo documents: the draft deliberation of Auray's participatory budget, co-written by the
 * elected official and the agent (owner: the organisation's administrator), readable by everyone
 * who sees the space, with a named version. Called by the demo seed inside its transaction.
 */
export async function seedDocuments(tx: DbOrTx, now: Date) {
	const [space] = await tx.select({ id: spaces.id }).from(spaces).where(eq(spaces.slug, 'budget-participatif-2027'));
	if (!space) return;
	const people = await tx.select({ id: users.id, email: users.email }).from(users);
	const userId = (name: string) => people.find((p) => p.email === `${name}@parvis.example`)?.id ?? null;
	const db = tx as Db;
	const document = await createDocument(db, { spaceId: space.id, title: 'Projet de délibération — Budget participatif 2027', visibility: 'space', createdBy: userId('orgadmin'), content: markdownToJson(DRAFT) }, now);
	for (const [name, role] of [['elu', 'editor'], ['agent', 'editor'], ['delegue', 'commenter']] as const) {
		const id = userId(name);
		if (id) await setMemberRole(db, document.id, id, role);
	}
	await createVersion(tx, { documentId: document.id, kind: 'named', name: 'Version présentée en commission', createdBy: userId('orgadmin') }, now);
	await createDocument(db, { spaceId: space.id, title: 'Compte rendu de la commission du 12 novembre', visibility: 'restricted', createdBy: userId('elu'), content: markdownToJson('## Présents\n\n- Maëlle Le Bihan\n- Sacha Le Goff\n\n## Points abordés\n\n') }, now);
}
