import { and, asc, eq, gt, max } from 'drizzle-orm';
import { organisations } from '#lib/features/organisations/schema.js';
import type { OpenDataset } from '#lib/features/opendata/contract.js';
import { iso, keysetRows } from '#lib/features/opendata/server/keyset.js';
import { spaces } from '../schema.js';

/** Public participation spaces (processes and groups); private ones never leave. */
export const spacesDataset: OpenDataset = {
	slug: 'espaces',
	title: { fr: 'Espaces de participation', en: 'Participation spaces' },
	description: {
		fr: 'Les espaces publics de participation (démarches et groupes) de chaque organisation.',
		en: 'Public participation spaces (processes and groups) of each organisation.'
	},
	updateFrequency: 'irregular',
	geo: false,
	keywords: ['participation citoyenne', 'concertation'],
	columns: [
		{ name: 'id', type: 'string', description: { fr: 'Identifiant stable (UUID).', en: 'Stable identifier (UUID).' } },
		{ name: 'slug', type: 'string', description: { fr: 'Identifiant court, utilisé dans les adresses.', en: 'Short identifier, used in addresses.' } },
		{ name: 'organisation', type: 'string', description: { fr: 'Identifiant court de l’organisation.', en: 'Short identifier of the organisation.' } },
		{ name: 'kind', type: 'string', description: { fr: 'Type : process (démarche) ou group (groupe).', en: 'Kind: process or group.' } },
		{ name: 'title', type: 'string', description: { fr: 'Titre.', en: 'Title.' } },
		{ name: 'description', type: 'string', description: { fr: 'Présentation (Markdown).', en: 'Description (Markdown).' } },
		{ name: 'created_at', type: 'datetime', description: { fr: 'Date de création (ISO 8601, UTC).', en: 'Creation date (ISO 8601, UTC).' } },
		{ name: 'url', type: 'string', description: { fr: 'Chemin de la page sur le portail.', en: 'Path of its page on the portal.' } }
	],
	rows(db) {
		return (async function* () {
			const pages = keysetRows(
				(after: string | null, size) =>
					db
						.select({
							id: spaces.id,
							slug: spaces.slug,
							organisation: organisations.slug,
							kind: spaces.kind,
							title: spaces.title,
							description: spaces.description,
							createdAt: spaces.createdAt
						})
						.from(spaces)
						.innerJoin(organisations, eq(organisations.id, spaces.organisationId))
						.where(and(eq(spaces.visibility, 'public'), after ? gt(spaces.id, after) : undefined))
						.orderBy(asc(spaces.id))
						.limit(size),
				(row) => row.id
			);
			for await (const row of pages)
				yield {
					id: row.id,
					slug: row.slug,
					organisation: row.organisation,
					kind: row.kind,
					title: row.title,
					description: row.description,
					created_at: iso(row.createdAt),
					url: `/spaces/${row.slug}`
				};
		})();
	},
	async lastModified(db) {
		const [row] = await db.select({ at: max(spaces.updatedAt) }).from(spaces).where(eq(spaces.visibility, 'public'));
		return row?.at ? new Date(row.at) : null;
	}
};

export const spacesDatasets: OpenDataset[] = [spacesDataset];
