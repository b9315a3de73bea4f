import { and, asc, gt, isNotNull, max } from 'drizzle-orm';
import type { OpenDataset } from '#lib/features/opendata/contract.js';
import { iso, keysetRows } from '#lib/features/opendata/server/keyset.js';
import { organisations } from '../schema.js';

/** Organisations (towns, associations, clubs) and, in their own dataset, their territories. */
const column = (name: string, type: 'string' | 'datetime', fr: string, en: string) => ({ name, type, description: { fr, en } });

export const organisationsDataset: OpenDataset = {
	slug: 'organisations',
	title: { fr: 'Organisations', en: 'Organisations' },
	description: {
		fr: 'Les organisations présentes sur le portail (communes, intercommunalités, associations…), avec leur présentation et leur site.',
		en: 'Organisations on the portal (towns, inter-municipal bodies, associations…), with their description and website.'
	},
	updateFrequency: 'irregular',
	geo: false,
	keywords: ['organisations', 'collectivités'],
	columns: [
		column('id', 'string', 'Identifiant stable (UUID).', 'Stable identifier (UUID).'),
		column('slug', 'string', 'Identifiant court, utilisé dans les adresses.', 'Short identifier, used in addresses.'),
		column('name', 'string', 'Nom.', 'Name.'),
		column('kind', 'string', 'Type d’organisation.', 'Kind of organisation.'),
		column('description', 'string', 'Présentation.', 'Description.'),
		column('website', 'string', 'Site web.', 'Website.'),
		column('timezone', 'string', 'Fuseau horaire (IANA).', 'Time zone (IANA).'),
		column('created_at', 'datetime', 'Date d’inscription (ISO 8601, UTC).', 'Registration date (ISO 8601, UTC).'),
		column('url', 'string', 'Chemin de la page sur le portail.', 'Path of its page on the portal.')
	],
	rows(db) {
		return (async function* () {
			const pages = keysetRows(
				(after: string | null, size) =>
					db
						.select()
						.from(organisations)
						.where(after ? gt(organisations.id, after) : undefined)
						.orderBy(asc(organisations.id))
						.limit(size),
				(row) => row.id
			);
			for await (const row of pages)
				yield {
					id: row.id,
					slug: row.slug,
					name: row.name,
					kind: row.kind,
					description: row.description,
					website: row.website,
					timezone: row.timezone,
					created_at: iso(row.createdAt),
					url: `/organisations/${row.slug}`
				};
		})();
	},
	async lastModified(db) {
		const [row] = await db.select({ at: max(organisations.updatedAt) }).from(organisations);
		return row?.at ? new Date(row.at) : null;
	}
};

export const territoriesDataset: OpenDataset = {
	slug: 'territoires',
	title: { fr: 'Territoires des organisations', en: 'Territories of the organisations' },
	description: {
		fr: 'Le contour du territoire de chaque organisation qui en a déclaré un (polygone GeoJSON, WGS 84).',
		en: 'The outline of each organisation’s territory, when declared (GeoJSON polygon, WGS 84).'
	},
	updateFrequency: 'irregular',
	geo: true,
	geometryColumn: 'geometry',
	keywords: ['territoire', 'limites administratives'],
	columns: [
		column('organisation_id', 'string', 'Organisation (colonne id du jeu « organisations »).', 'Organisation (id column of the “organisations” dataset).'),
		column('organisation', 'string', 'Identifiant court de l’organisation.', 'Short identifier of the organisation.'),
		column('name', 'string', 'Nom de l’organisation.', 'Name of the organisation.'),
		{ name: 'west', type: 'number', description: { fr: 'Longitude ouest de l’emprise.', en: 'West longitude of the extent.' } },
		{ name: 'south', type: 'number', description: { fr: 'Latitude sud de l’emprise.', en: 'South latitude of the extent.' } },
		{ name: 'east', type: 'number', description: { fr: 'Longitude est de l’emprise.', en: 'East longitude of the extent.' } },
		{ name: 'north', type: 'number', description: { fr: 'Latitude nord de l’emprise.', en: 'North latitude of the extent.' } },
		column('geometry', 'string', 'Géométrie GeoJSON (Polygon ou MultiPolygon, longitude puis latitude).', 'GeoJSON geometry (Polygon or MultiPolygon, longitude then latitude).')
	],
	rows(db) {
		return (async function* () {
			const pages = keysetRows(
				(after: string | null, size) =>
					db
						.select()
						.from(organisations)
						.where(and(isNotNull(organisations.territory), after ? gt(organisations.id, after) : undefined))
						.orderBy(asc(organisations.id))
						.limit(size),
				(row) => row.id
			);
			for await (const row of pages) {
				if (!row.territory) continue;
				yield {
					organisation_id: row.id,
					organisation: row.slug,
					name: row.name,
					west: row.bboxWest,
					south: row.bboxSouth,
					east: row.bboxEast,
					north: row.bboxNorth,
					geometry: JSON.stringify(row.territory)
				};
			}
		})();
	},
	async lastModified(db) {
		const [row] = await db.select({ at: max(organisations.updatedAt) }).from(organisations).where(isNotNull(organisations.territory));
		return row?.at ? new Date(row.at) : null;
	}
};

export const organisationsDatasets: OpenDataset[] = [organisationsDataset, territoriesDataset];
