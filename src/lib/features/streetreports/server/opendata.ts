import { and, asc, desc, eq, gt, or } from 'drizzle-orm';
import type { DatasetRow, OpenDataset } from '#lib/features/opendata/contract.js';
import type { Db } from '#lib/server/db/client.js';
import { organisations, streetReportCategories, streetReports } from '#lib/server/db/schema.js';

const PAGE = 500;

/** Issue reports without any personal data: no reporter, no contact, no tracking code, no internal note. */
export const streetReportsDatasets: OpenDataset[] = [
	{
		slug: 'signalements',
		title: { fr: 'Signalements sur l’espace public', en: 'Issue reports in public space' },
		description: {
			fr: 'Problèmes signalés par les habitants (voirie, éclairage, propreté…) : catégorie, lieu, organisme qui les traite et statut.',
			en: 'Problems reported by residents (roads, lighting, cleanliness…): category, place, the body handling them and status.'
		},
		updateFrequency: 'continuous',
		geo: true,
		columns: [
			{ name: 'id', type: 'string', description: { fr: 'Identifiant', en: 'Identifier' } },
			{ name: 'category', type: 'string', description: { fr: 'Catégorie (identifiant court, aussi service_code Open311)', en: 'Category (slug, also the Open311 service_code)' } },
			{ name: 'category_name', type: 'string', description: { fr: 'Catégorie', en: 'Category' } },
			{ name: 'organisation', type: 'string', description: { fr: 'Organisme qui le traite (identifiant court)', en: 'Body handling it (slug)' } },
			{ name: 'status', type: 'string', description: { fr: 'received, in_progress, resolved, rejected, duplicate ou not_competent', en: 'received, in_progress, resolved, rejected, duplicate or not_competent' } },
			{ name: 'description', type: 'string', description: { fr: 'Description', en: 'Description' } },
			{ name: 'address', type: 'string', description: { fr: 'Adresse', en: 'Address' } },
			{ name: 'longitude', type: 'number', description: { fr: 'Longitude (WGS 84)', en: 'Longitude (WGS 84)' } },
			{ name: 'latitude', type: 'number', description: { fr: 'Latitude (WGS 84)', en: 'Latitude (WGS 84)' } },
			{ name: 'created_at', type: 'datetime', description: { fr: 'Signalé le (UTC)', en: 'Reported at (UTC)' } },
			{ name: 'updated_at', type: 'datetime', description: { fr: 'Dernier changement (UTC)', en: 'Last change (UTC)' } }
		],
		async *rows(db: Db) {
			let after: { createdAt: Date; id: string } | undefined;
			for (;;) {
				const rows = await db
					.select({ report: streetReports, category: streetReportCategories.slug, categoryName: streetReportCategories.nameFr, organisation: organisations.slug })
					.from(streetReports)
					.innerJoin(streetReportCategories, eq(streetReportCategories.id, streetReports.categoryId))
					.leftJoin(organisations, eq(organisations.id, streetReports.organisationId))
					.where(after ? or(gt(streetReports.createdAt, after.createdAt), and(eq(streetReports.createdAt, after.createdAt), gt(streetReports.id, after.id))) : undefined)
					.orderBy(asc(streetReports.createdAt), asc(streetReports.id))
					.limit(PAGE);
				for (const { report: r, category, categoryName, organisation } of rows)
					yield {
						id: r.id,
						category,
						category_name: categoryName,
						organisation,
						status: r.status,
						description: r.description,
						address: r.address,
						longitude: r.longitude,
						latitude: r.latitude,
						created_at: r.createdAt.toISOString(),
						updated_at: r.updatedAt.toISOString()
					} satisfies DatasetRow;
				if (rows.length < PAGE) return;
				const last = rows.at(-1)!.report;
				after = { createdAt: last.createdAt, id: last.id };
			}
		},
		async lastModified(db: Db) {
			const [row] = await db.select({ at: streetReports.updatedAt }).from(streetReports).orderBy(desc(streetReports.updatedAt)).limit(1);
			return row?.at ?? null;
		}
	}
];
