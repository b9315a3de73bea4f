import { and, asc, desc, eq, gt, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { DatasetRow, OpenDataset } from '#lib/features/opendata/contract.js';
import type { Db } from '#lib/server/db/client.js';
import { organisations, spaces, votes } from '#lib/server/db/schema.js';
import { pledgesOf } from './pledges.js';
import { rankItems, tallyOf } from './results.js';
import { ballotCountOf, itemsOf } from './votes.js';

const PAGE = 100;
/** Closed votes of public spaces: their results are final and public. */
const closedPublic = () => and(eq(spaces.visibility, 'public'), or(isNotNull(votes.closedAt), lte(votes.closesAt, sql`now()`)));
const text = (fr: string, en: string) => ({ fr, en });

/** Results of closed point votes, one row per item (totals only: never who gave what). */
export const votesDatasets: OpenDataset[] = [
	{
		slug: 'resultats-votes',
		title: text('Résultats des votes à points', 'Point vote results'),
		description: text(
			'Résultats définitifs des votes à points clos des espaces publics (clubs d’utilisateurs, priorités) : points, votants, rang, financement et promesses de cofinancement par demande.',
			'Final results of closed point votes in public spaces (users’ clubs, priorities): points, voters, rank, funding and co-funding pledges per request.'
		),
		updateFrequency: 'continuous',
		geo: false,
		keywords: ['vote', 'priorités', 'club'],
		columns: [
			{ name: 'vote_id', type: 'string', description: text('Identifiant du vote', 'Vote identifier') },
			{ name: 'organisation', type: 'string', description: text('Organisation (identifiant court)', 'Organisation (slug)') },
			{ name: 'space', type: 'string', description: text('Espace (identifiant court)', 'Space (slug)') },
			{ name: 'vote_title', type: 'string', description: text('Titre du vote', 'Vote title') },
			{ name: 'closed_at', type: 'datetime', description: text('Clôture (UTC)', 'Closing (UTC)') },
			{ name: 'ballots', type: 'integer', description: text('Bulletins', 'Ballots') },
			{ name: 'item_id', type: 'string', description: text('Identifiant de la demande', 'Request identifier') },
			{ name: 'item_title', type: 'string', description: text('Demande', 'Request') },
			{ name: 'category', type: 'string', description: text('Catégorie', 'Category') },
			{ name: 'cost_estimate', type: 'integer', description: text('Estimation (€)', 'Estimate (€)') },
			{ name: 'points', type: 'integer', description: text('Points reçus', 'Points received') },
			{ name: 'voters', type: 'integer', description: text('Votants lui ayant donné des points', 'Voters who gave it points') },
			{ name: 'rank', type: 'integer', description: text('Rang', 'Rank') },
			{ name: 'funded', type: 'boolean', description: text('Financée selon la règle du vote', 'Funded by the vote’s rule') },
			{ name: 'pledged', type: 'integer', description: text('Montant promis en cofinancement (€)', 'Co-funding pledged (€)') }
		],
		async *rows(db: Db) {
			let after: { closesAt: Date; id: string } | undefined;
			for (;;) {
				const rows = await db
					.select({ vote: votes, space: spaces.slug, organisation: organisations.slug })
					.from(votes)
					.innerJoin(spaces, eq(spaces.id, votes.spaceId))
					.innerJoin(organisations, eq(organisations.id, spaces.organisationId))
					.where(and(closedPublic(), after ? or(gt(votes.closesAt, after.closesAt), and(eq(votes.closesAt, after.closesAt), gt(votes.id, after.id))) : undefined))
					.orderBy(asc(votes.closesAt), asc(votes.id))
					.limit(PAGE);
				for (const { vote, space, organisation } of rows) {
					const items = await itemsOf(db, vote.id);
					const counted = await tallyOf(db, vote);
					const ranked = rankItems(items, counted.items, vote);
					const pledges = await pledgesOf(db, items);
					const ballots = counted.ballots ?? (await ballotCountOf(db, vote.id));
					for (const entry of ranked)
						yield {
							vote_id: vote.id,
							organisation,
							space,
							vote_title: vote.title,
							closed_at: (vote.closedAt ?? vote.closesAt).toISOString(),
							ballots,
							item_id: entry.item.id,
							item_title: entry.item.title,
							category: entry.item.category,
							cost_estimate: entry.item.costEstimate,
							points: entry.points,
							voters: entry.voters,
							rank: entry.rank,
							funded: entry.funded,
							pledged: pledges.get(entry.item.id)?.total ?? 0
						} satisfies DatasetRow;
				}
				if (rows.length < PAGE) return;
				const last = rows.at(-1)!.vote;
				after = { closesAt: last.closesAt, id: last.id };
			}
		},
		async lastModified(db: Db) {
			const [row] = await db
				.select({ at: votes.updatedAt })
				.from(votes)
				.innerJoin(spaces, eq(spaces.id, votes.spaceId))
				.where(closedPublic())
				.orderBy(desc(votes.updatedAt))
				.limit(1);
			return row?.at ?? null;
		}
	}
];
