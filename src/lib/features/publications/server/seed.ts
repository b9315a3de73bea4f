import { eq } from 'drizzle-orm';
import { createDocument, createVersion } from '#lib/features/documents/server/documents.js';
import { markdownToJson } from '#lib/features/documents/server/import.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { spaces, users } from '#lib/server/db/schema.js';
import { adoptAct } from './acts.js';

const ACTS = [
	{
		type: 'deliberation',
		daysAgo: 40,
		title: 'Tarifs municipaux 2027',
		subject: 'Fixation des tarifs municipaux pour 2027',
		category: 'Finances',
		text: '## Article 1\n\nLes tarifs de la cantine scolaire, de la médiathèque et des salles municipales sont fixés selon l’annexe.\n\n## Article 2\n\nIls s’appliquent au 1er janvier 2027.'
	},
	{
		type: 'decree',
		daysAgo: 12,
		title: 'Circulation pendant le marché de Noël',
		subject: 'Réglementation temporaire de la circulation place de la République',
		category: 'Voirie',
		text: '## Article 1\n\nLa circulation et le stationnement sont interdits place de la République du 18 au 24 décembre.\n\n## Article 2\n\nLes véhicules de secours conservent l’accès.'
	},
	{
		type: 'minutes',
		daysAgo: 5,
		title: 'Procès-verbal du conseil municipal',
		subject: 'Séance du conseil municipal',
		category: 'Institutions',
		text: 'Le conseil municipal, réuni en séance publique, a approuvé les tarifs municipaux et le budget participatif.'
	}
] as const;

/**
 * Demo acts in Auray's register, adopted by the elected official (Maëlle Le Bihan) from frozen
 * document versions, as the adoption page does. Called by the demo seed inside its transaction.
 */
export async function seedPublications(tx: DbOrTx, now: Date) {
	const [space] = await tx.select({ id: spaces.id, organisationId: spaces.organisationId }).from(spaces).where(eq(spaces.slug, 'budget-participatif-2027'));
	const [elected] = await tx.select({ id: users.id }).from(users).where(eq(users.email, 'elu@parvis.example'));
	if (!space || !elected) return;
	const db = tx as Db;
	const actor = { userId: elected.id, isPlatformAdmin: false, memberships: [{ organisationId: space.organisationId, role: 'elected' as const }] };
	for (const act of ACTS) {
		const at = new Date(now.getTime() - act.daysAgo * 86_400_000);
		const document = await createDocument(db, { spaceId: space.id, title: act.title, visibility: 'space', createdBy: elected.id, content: markdownToJson(act.text) }, at);
		const version = await createVersion(db, { documentId: document.id, kind: 'named', name: 'Version adoptée', createdBy: elected.id }, at);
		await adoptAct(
			db,
			actor,
			{ version_id: version.id, type: act.type, adopted_on: at.toISOString().slice(0, 10), signatory_name: 'Maëlle Le Bihan', signatory_title: 'Adjointe au maire', subject: act.subject, category: act.category, attachments: [] },
			at
		);
	}
}
