import { and, asc, desc, eq, isNotNull, lte, or } from 'drizzle-orm';
import type { OpenDataset } from '#lib/features/opendata/contract.js';
import type { Db } from '#lib/server/db/client.js';
import { budgets, organisations, spaces } from '#lib/server/db/schema.js';
import { budgetResults, type Budget } from './budgets.js';

/** Closed budgets of public spaces: their results are final and public. */
const closedAndPublic = (now: Date) => and(eq(spaces.visibility, 'public'), or(isNotNull(budgets.closedAt), lte(budgets.closesAt, now)));

/** Results of closed participatory budgets, one row per project (no ballot, no voter). */
export const budgetsDatasets: OpenDataset[] = [
	{
		slug: 'budgets-participatifs',
		title: { fr: 'Résultats des budgets participatifs', en: 'Participatory budget results' },
		description: {
			fr: 'Les projets des budgets participatifs clos : coût, votes en ligne et papier, rang et sélection. Montants en euros entiers.',
			en: 'Projects of closed participatory budgets: cost, online and paper votes, rank and selection. Amounts in whole euros.'
		},
		updateFrequency: 'irregular',
		geo: true,
		keywords: ['budget participatif', 'vote'],
		columns: [
			{ name: 'budget_id', type: 'string', description: { fr: 'Identifiant du budget', en: 'Budget identifier' } },
			{ name: 'organisation', type: 'string', description: { fr: 'Organisation (identifiant court)', en: 'Organisation (slug)' } },
			{ name: 'space', type: 'string', description: { fr: 'Espace (identifiant court)', en: 'Space (slug)' } },
			{ name: 'budget_title', type: 'string', description: { fr: 'Titre du budget', en: 'Budget title' } },
			{ name: 'total_amount', type: 'integer', description: { fr: 'Budget total (€)', en: 'Total budget (€)' } },
			{ name: 'project_number', type: 'integer', description: { fr: 'Numéro du projet', en: 'Project number' } },
			{ name: 'project_title', type: 'string', description: { fr: 'Titre du projet', en: 'Project title' } },
			{ name: 'cost', type: 'integer', description: { fr: 'Coût (€)', en: 'Cost (€)' } },
			{ name: 'online_votes', type: 'integer', description: { fr: 'Votes en ligne', en: 'Online votes' } },
			{ name: 'paper_votes', type: 'integer', description: { fr: 'Votes papier', en: 'Paper votes' } },
			{ name: 'votes', type: 'integer', description: { fr: 'Total des votes', en: 'Total votes' } },
			{ name: 'rank', type: 'integer', description: { fr: 'Rang', en: 'Rank' } },
			{ name: 'selected', type: 'boolean', description: { fr: 'Retenu', en: 'Selected' } },
			{ name: 'longitude', type: 'number', description: { fr: 'Longitude (WGS 84)', en: 'Longitude (WGS 84)' } },
			{ name: 'latitude', type: 'number', description: { fr: 'Latitude (WGS 84)', en: 'Latitude (WGS 84)' } }
		],
		async *rows(db: Db) {
			const closed = await db
				.select({ budget: budgets, spaceSlug: spaces.slug, organisationSlug: organisations.slug, organisationName: organisations.name })
				.from(budgets)
				.innerJoin(spaces, eq(spaces.id, budgets.spaceId))
				.innerJoin(organisations, eq(organisations.id, budgets.organisationId))
				.where(closedAndPublic(new Date()))
				.orderBy(asc(budgets.createdAt), asc(budgets.id));
			for (const row of closed) {
				const budget: Budget = { ...row.budget, spaceSlug: row.spaceSlug, organisationSlug: row.organisationSlug, organisationName: row.organisationName };
				const results = await budgetResults(db, budget);
				for (const p of results.projects)
					yield {
						budget_id: budget.id,
						organisation: budget.organisationSlug,
						space: budget.spaceSlug,
						budget_title: budget.title,
						total_amount: budget.totalAmount,
						project_number: p.number,
						project_title: p.title,
						cost: p.cost,
						online_votes: p.onlineVotes,
						paper_votes: p.paperVotes,
						votes: p.votes,
						rank: p.rank,
						selected: p.selected,
						longitude: p.longitude,
						latitude: p.latitude
					};
			}
		},
		async lastModified(db: Db) {
			const [row] = await db
				.select({ at: budgets.updatedAt })
				.from(budgets)
				.innerJoin(spaces, eq(spaces.id, budgets.spaceId))
				.where(closedAndPublic(new Date()))
				.orderBy(desc(budgets.updatedAt))
				.limit(1);
			return row?.at ?? null;
		}
	}
];
