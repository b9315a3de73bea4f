import { and, asc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { DatasetRow, OpenDataset } from '#lib/features/opendata/contract.js';
import type { Db } from '#lib/server/db/client.js';
import { acts, organisations } from '#lib/server/db/schema.js';
import { actPath } from './acts.js';

const PAGE = 500;
const col = (name: string, type: 'string' | 'date' | 'integer', fr: string, en: string) => ({ name, type, description: { fr, en } });

/**
 * Published, not withdrawn deliberations in the national SCDL « Délibérations » schema (2.1),
 * column for column. Parvis does not record SIRET numbers, prefecture receipts or votes yet:
 * those columns are present and empty. DELIB_URL is the act's path on the portal.
 */
export const publicationsDatasets: OpenDataset[] = [
	{
		slug: 'deliberations',
		title: { fr: 'Délibérations (schéma SCDL)', en: 'Deliberations (SCDL schema)' },
		description: {
			fr: 'Délibérations publiées au registre des actes, au format du Socle commun des données locales (schema.data.gouv.fr/scdl/deliberations).',
			en: 'Deliberations published in the register of acts, in the French common local data format (SCDL deliberations).'
		},
		updateFrequency: 'continuous',
		geo: false,
		keywords: ['scdl', 'délibérations', 'actes'],
		columns: [
			col('COLL_NOM', 'string', 'Nom de la collectivité', 'Name of the authority'),
			col('COLL_SIRET', 'string', 'SIRET de la collectivité (non renseigné)', 'SIRET of the authority (not recorded)'),
			col('DELIB_ID', 'string', 'Numéro de la délibération', 'Number of the deliberation'),
			col('DELIB_DATE', 'date', 'Date d’adoption', 'Date of adoption'),
			col('DELIB_MATIERE_CODE', 'string', 'Code matière (non renseigné)', 'Subject-matter code (not recorded)'),
			col('DELIB_MATIERE_NOM', 'string', 'Matière (catégorie)', 'Subject matter (category)'),
			col('DELIB_OBJET', 'string', 'Objet', 'Subject'),
			col('BUDGET_ANNEE', 'string', 'Année budgétaire (non renseignée)', 'Budget year (not recorded)'),
			col('BUDGET_NOM', 'string', 'Nom du budget (non renseigné)', 'Budget name (not recorded)'),
			col('PREF_ID', 'string', 'Identifiant de la préfecture (non renseigné)', 'Prefecture identifier (not recorded)'),
			col('PREF_DATE', 'date', 'Date de réception en préfecture (non renseignée)', 'Date received by the prefecture (not recorded)'),
			col('VOTE_EFFECTIF', 'integer', 'Membres en exercice (non renseigné)', 'Sitting members (not recorded)'),
			col('VOTE_REEL', 'integer', 'Votants (non renseigné)', 'Voters (not recorded)'),
			col('VOTE_POUR', 'integer', 'Pour (non renseigné)', 'For (not recorded)'),
			col('VOTE_CONTRE', 'integer', 'Contre (non renseigné)', 'Against (not recorded)'),
			col('VOTE_ABSTENTION', 'integer', 'Abstentions (non renseigné)', 'Abstentions (not recorded)'),
			col('DELIB_URL', 'string', 'Chemin de la page de l’acte sur le portail', 'Path of the act’s page on the portal')
		],
		async *rows(db: Db) {
			const now = new Date();
			let after: { publishedAt: Date; id: string } | undefined;
			for (;;) {
				const rows = await db
					.select({ act: acts, organisationName: organisations.name, organisationSlug: organisations.slug })
					.from(acts)
					.innerJoin(organisations, eq(organisations.id, acts.organisationId))
					.where(
						and(
							eq(acts.type, 'deliberation'),
							lte(acts.publishedAt, now),
							isNull(acts.withdrawnAt),
							after ? or(gt(acts.publishedAt, after.publishedAt), and(eq(acts.publishedAt, after.publishedAt), gt(acts.id, after.id))) : undefined
						)
					)
					.orderBy(asc(acts.publishedAt), asc(acts.id))
					.limit(PAGE);
				for (const { act, organisationName, organisationSlug } of rows)
					yield {
						COLL_NOM: organisationName,
						COLL_SIRET: null,
						DELIB_ID: act.number,
						DELIB_DATE: act.adoptedOn,
						DELIB_MATIERE_CODE: null,
						DELIB_MATIERE_NOM: act.category,
						DELIB_OBJET: act.subject,
						BUDGET_ANNEE: null,
						BUDGET_NOM: null,
						PREF_ID: null,
						PREF_DATE: null,
						VOTE_EFFECTIF: null,
						VOTE_REEL: null,
						VOTE_POUR: null,
						VOTE_CONTRE: null,
						VOTE_ABSTENTION: null,
						DELIB_URL: actPath({ id: act.id, organisationSlug })
					} satisfies DatasetRow;
				if (rows.length < PAGE) return;
				const last = rows.at(-1)!.act;
				after = { publishedAt: last.publishedAt, id: last.id };
			}
		},
		async lastModified(db: Db) {
			// A publication adds a row, a withdrawal removes one: the latest of either.
			const [row] = await db
				.select({ at: sql<string | null>`max(greatest(${acts.publishedAt}, ${acts.withdrawnAt}))` })
				.from(acts)
				.where(and(eq(acts.type, 'deliberation'), lte(acts.publishedAt, new Date())));
			return row?.at ? new Date(row.at) : null;
		}
	}
];
