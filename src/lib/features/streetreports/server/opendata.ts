import { and, asc, between, desc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DatasetRow, MapLayer, OpenDataset } from '#lib/features/opendata/contract.js';
import { translate } from '#lib/i18n/index.js';
import type { Db } from '#lib/server/db/client.js';
import { organisations, streetReportCategories, streetReports } from '#lib/server/db/schema.js';
import { streetReportStatuses } from '../schema.js';

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

const statusLabel = (status: string) => ({ fr: translate('fr', `streetreports.status.${status}` as never), en: translate('en', `streetreports.status.${status}` as never) });
const parentCategory = alias(streetReportCategories, 'parent_category');
/** Closed reports stay on the map this long after their last change, as on FixMyStreet. */
const CLOSED_SHOWN_DAYS = 90;

/** The reports on the public map: what and where, its status; never who reported it. */
export const streetReportsMapLayers: MapLayer[] = [
	{
		id: 'signalements',
		title: { fr: 'Signalements', en: 'Issue reports' },
		filters: [
			{ name: 'status', label: { fr: 'Statut', en: 'Status' }, options: streetReportStatuses.map((status) => ({ value: status, label: statusLabel(status) })) },
			{
				name: 'category',
				label: { fr: 'Catégorie', en: 'Category' },
				async optionsFrom(db) {
					const tops = await db
						.select({ slug: streetReportCategories.slug, fr: streetReportCategories.nameFr, en: streetReportCategories.nameEn })
						.from(streetReportCategories)
						.where(sql`${streetReportCategories.parentId} is null`)
						.orderBy(asc(streetReportCategories.position));
					return tops.map((c) => ({ value: c.slug, label: { fr: c.fr, en: c.en } }));
				}
			}
		],
		async items(db, query) {
			const [west, south, east, north] = query.bbox;
			const status = streetReportStatuses.find((s) => s === query.filters.status);
			const category = query.filters.category;
			const rows = await db
				.select({ report: streetReports, categoryFr: streetReportCategories.nameFr })
				.from(streetReports)
				.innerJoin(streetReportCategories, eq(streetReportCategories.id, streetReports.categoryId))
				.leftJoin(parentCategory, eq(parentCategory.id, streetReportCategories.parentId))
				.where(
					and(
						between(streetReports.longitude, west, east),
						between(streetReports.latitude, south, north),
						status
							? eq(streetReports.status, status)
							: or(inArray(streetReports.status, ['received', 'in_progress']), gt(streetReports.updatedAt, sql`now() - make_interval(days => ${CLOSED_SHOWN_DAYS})`)),
						category ? or(eq(streetReportCategories.slug, category), eq(parentCategory.slug, category)) : undefined
					)
				)
				.orderBy(desc(streetReports.createdAt))
				.limit(query.limit);
			return rows.map(({ report: r, categoryFr }) => ({
				id: r.id,
				longitude: r.longitude,
				latitude: r.latitude,
				title: `${categoryFr} : ${r.description.length > 80 ? `${r.description.slice(0, 79)}…` : r.description}`,
				url: `/signalements/${r.id}`,
				properties: { status: r.status, stateLabel: statusLabel(r.status).fr, category: categoryFr, date: r.createdAt.toISOString(), address: r.address }
			}));
		}
	}
];
