import { and, asc, between, eq, gt, gte, isNotNull, isNull, lt, max, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '#lib/server/db/client.js';
import { organisations } from '#lib/features/organisations/schema.js';
import { categories, spaces } from '#lib/features/spaces/schema.js';
import { proposals, proposalStates } from '../schema.js';
import type { MapItem, MapLayer, MapQuery, OpenDataset } from '#lib/features/opendata/contract.js';
import { iso, keysetRows } from '#lib/features/opendata/server/keyset.js';

/**
 * Proposals for the open-data portal and the map. Public means: in a public space, not hidden by
 * moderation, neither a draft nor withdrawn. Authors are personal data and never leave.
 */
const PRIVATE_STATES = ['draft', 'withdrawn'] as const;
const isPublic = (): SQL => and(eq(spaces.visibility, 'public'), isNull(proposals.hiddenAt), notInArray(proposals.state, [...PRIVATE_STATES]))!;

const stateLabels: Record<(typeof proposalStates)[number], { fr: string; en: string }> = {
	draft: { fr: 'Brouillon', en: 'Draft' },
	published: { fr: 'Publiée', en: 'Published' },
	evaluating: { fr: 'En évaluation', en: 'Evaluating' },
	accepted: { fr: 'Acceptée', en: 'Accepted' },
	rejected: { fr: 'Rejetée', en: 'Rejected' },
	withdrawn: { fr: 'Retirée', en: 'Withdrawn' },
	implemented: { fr: 'Réalisée', en: 'Implemented' },
	merged: { fr: 'Fusionnée', en: 'Merged' }
};

export const proposalsDataset: OpenDataset = {
	slug: 'propositions',
	title: { fr: 'Propositions citoyennes', en: 'Citizen proposals' },
	description: {
		fr: 'Les propositions publiées dans les espaces publics de participation, avec leur état, leur catégorie, leur nombre de soutiens et de commentaires et, quand elle est donnée, leur localisation. Sans les auteurs.',
		en: 'Proposals published in public participation spaces, with their state, category, supports and comments counts and, when given, their location. Without their authors.'
	},
	updateFrequency: 'continuous',
	geo: true,
	keywords: ['participation citoyenne', 'propositions', 'démocratie participative'],
	columns: [
		{ name: 'id', type: 'string', description: { fr: 'Identifiant stable (UUID).', en: 'Stable identifier (UUID).' } },
		{ name: 'number', type: 'integer', description: { fr: 'Numéro dans l’espace (#12).', en: 'Number within its space (#12).' } },
		{ name: 'space', type: 'string', description: { fr: 'Identifiant (slug) de l’espace de participation.', en: 'Slug of the participation space.' } },
		{ name: 'organisation', type: 'string', description: { fr: 'Identifiant (slug) de l’organisation.', en: 'Slug of the organisation.' } },
		{ name: 'title', type: 'string', description: { fr: 'Titre.', en: 'Title.' } },
		{ name: 'body', type: 'string', description: { fr: 'Texte (Markdown).', en: 'Text (Markdown).' } },
		{ name: 'state', type: 'string', description: { fr: 'État : published, evaluating, accepted, rejected, implemented, merged.', en: 'State: published, evaluating, accepted, rejected, implemented, merged.' } },
		{ name: 'category', type: 'string', description: { fr: 'Catégorie (vide si aucune).', en: 'Category (empty if none).' } },
		{ name: 'official', type: 'boolean', description: { fr: 'Proposition officielle de l’organisation.', en: 'Official proposal of the organisation.' } },
		{ name: 'supports_count', type: 'integer', description: { fr: 'Nombre de soutiens.', en: 'Number of supports.' } },
		{ name: 'comments_count', type: 'integer', description: { fr: 'Nombre de commentaires.', en: 'Number of comments.' } },
		{ name: 'address', type: 'string', description: { fr: 'Adresse du lieu concerné.', en: 'Address of the place concerned.' } },
		{ name: 'longitude', type: 'number', description: { fr: 'Longitude WGS 84 (degrés décimaux).', en: 'Longitude, WGS 84 (decimal degrees).' } },
		{ name: 'latitude', type: 'number', description: { fr: 'Latitude WGS 84 (degrés décimaux).', en: 'Latitude, WGS 84 (decimal degrees).' } },
		{ name: 'published_at', type: 'datetime', description: { fr: 'Date de publication (ISO 8601, UTC).', en: 'Publication date (ISO 8601, UTC).' } },
		{ name: 'updated_at', type: 'datetime', description: { fr: 'Dernière modification (ISO 8601, UTC).', en: 'Last change (ISO 8601, UTC).' } },
		{ name: 'url', type: 'string', description: { fr: 'Chemin de la page sur le portail.', en: 'Path of its page on the portal.' } }
	],
	rows(db: Db) {
		return (async function* () {
			const pages = keysetRows(
				(after: string | null, size) =>
					db
						.select({
							id: proposals.id,
							number: proposals.number,
							space: spaces.slug,
							organisation: organisations.slug,
							title: proposals.title,
							body: proposals.body,
							state: proposals.state,
							category: categories.name,
							official: proposals.isOfficial,
							supportsCount: proposals.supportsCount,
							commentsCount: proposals.commentsCount,
							address: proposals.address,
							longitude: proposals.longitude,
							latitude: proposals.latitude,
							publishedAt: proposals.publishedAt,
							updatedAt: proposals.updatedAt
						})
						.from(proposals)
						.innerJoin(spaces, eq(spaces.id, proposals.spaceId))
						.innerJoin(organisations, eq(organisations.id, spaces.organisationId))
						.leftJoin(categories, eq(categories.id, proposals.categoryId))
						.where(and(isPublic(), after ? gt(proposals.id, after) : undefined))
						.orderBy(asc(proposals.id))
						.limit(size),
				(row) => row.id
			);
			for await (const row of pages)
				yield {
					id: row.id,
					number: row.number,
					space: row.space,
					organisation: row.organisation,
					title: row.title,
					body: row.body,
					state: row.state,
					category: row.category,
					official: row.official,
					supports_count: row.supportsCount,
					comments_count: row.commentsCount,
					address: row.longitude === null ? null : row.address,
					longitude: row.longitude,
					latitude: row.latitude,
					published_at: iso(row.publishedAt),
					updated_at: iso(row.updatedAt),
					url: `/spaces/${row.space}/proposals/${row.number}`
				};
		})();
	},
	async lastModified(db) {
		const [row] = await db
			.select({ at: max(proposals.updatedAt) })
			.from(proposals)
			.innerJoin(spaces, eq(spaces.id, proposals.spaceId))
			.where(isPublic());
		return row?.at ? new Date(row.at) : null;
	}
};

function layerConditions(query: MapQuery): SQL {
	const [west, south, east, north] = query.bbox;
	const conditions: (SQL | undefined)[] = [
		isPublic(),
		isNotNull(proposals.longitude),
		isNotNull(proposals.latitude),
		between(proposals.longitude, west, east),
		between(proposals.latitude, south, north)
	];
	const { state, category, space, from, to } = query.filters;
	if (state && (proposalStates as readonly string[]).includes(state)) conditions.push(eq(proposals.state, state as (typeof proposalStates)[number]));
	if (category) conditions.push(/^[0-9a-f-]{36}$/i.test(category) ? eq(proposals.categoryId, category) : sql`false`);
	if (space) conditions.push(eq(spaces.slug, space));
	if (from && !Number.isNaN(Date.parse(from))) conditions.push(gte(proposals.publishedAt, new Date(from)));
	// `to` is a day: everything published before the next midnight (UTC).
	if (to && !Number.isNaN(Date.parse(to))) conditions.push(lt(proposals.publishedAt, new Date(Date.parse(to) + (to.length <= 10 ? 86_400_000 : 0))));
	return and(...conditions)!;
}

export const proposalsMapLayer: MapLayer = {
	id: 'propositions',
	title: { fr: 'Propositions', en: 'Proposals' },
	filters: [
		{
			name: 'state',
			label: { fr: 'État', en: 'State' },
			options: proposalStates.filter((s) => !(PRIVATE_STATES as readonly string[]).includes(s)).map((value) => ({ value, label: stateLabels[value] }))
		},
		{
			name: 'category',
			label: { fr: 'Catégorie', en: 'Category' },
			optionsFrom: async (db) =>
				(
					await db
						.select({ id: categories.id, name: categories.name, organisation: organisations.name })
						.from(categories)
						.innerJoin(organisations, eq(organisations.id, categories.organisationId))
						.orderBy(asc(organisations.name), asc(categories.position), asc(categories.name))
				).map((c) => ({ value: c.id, label: { fr: `${c.name} — ${c.organisation}`, en: `${c.name} — ${c.organisation}` } }))
		},
		{
			name: 'space',
			label: { fr: 'Espace', en: 'Space' },
			optionsFrom: async (db) =>
				(await db.select({ slug: spaces.slug, title: spaces.title }).from(spaces).where(eq(spaces.visibility, 'public')).orderBy(asc(spaces.title))).map(
					(s) => ({ value: s.slug, label: { fr: s.title, en: s.title } })
				)
		},
		{ name: 'from', label: { fr: 'Publiées depuis le', en: 'Published from' }, kind: 'date' },
		{ name: 'to', label: { fr: 'Publiées jusqu’au', en: 'Published until' }, kind: 'date' }
	],
	async items(db, query): Promise<MapItem[]> {
		const rows = await db
			.select({
				id: proposals.id,
				number: proposals.number,
				title: proposals.title,
				longitude: proposals.longitude,
				latitude: proposals.latitude,
				state: proposals.state,
				category: categories.name,
				space: spaces.slug,
				publishedAt: proposals.publishedAt
			})
			.from(proposals)
			.innerJoin(spaces, eq(spaces.id, proposals.spaceId))
			.leftJoin(categories, eq(categories.id, proposals.categoryId))
			.where(layerConditions(query))
			.orderBy(asc(proposals.id))
			.limit(query.limit);
		return rows.map((row) => ({
			id: row.id,
			longitude: row.longitude!,
			latitude: row.latitude!,
			title: row.title,
			url: `/spaces/${row.space}/proposals/${row.number}`,
			properties: {
				state: row.state,
				stateLabel: stateLabels[row.state].fr,
				category: row.category,
				space: row.space,
				publishedAt: iso(row.publishedAt),
				date: iso(row.publishedAt)
			}
		}));
	}
};

export const proposalsDatasets: OpenDataset[] = [proposalsDataset];
export const proposalsMapLayers: MapLayer[] = [proposalsMapLayer];
