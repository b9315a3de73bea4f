import { and, asc, between, desc, eq, gt, isNotNull, isNull, lte, or } from 'drizzle-orm';
import type { MapLayer, OpenDataset } from '#lib/features/opendata/contract.js';
import { translate } from '#lib/i18n/index.js';
import type { Db } from '#lib/server/db/client.js';
import { budgetProjects, budgets, organisations, spaces } from '#lib/server/db/schema.js';
import { budgetPath, budgetResults, budgetStatus, type Budget, type BudgetStatus } from './budgets.js';

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

const statuses = ['upcoming', 'open', 'closed'] as const satisfies readonly BudgetStatus[];
const label = (key: string) => ({ fr: translate('fr', key as never), en: translate('en', key as never) });
/** The SQL twin of `budgetStatus`, for the map's filter. */
const withStatus = (status: BudgetStatus, now: Date) => {
	const closed = or(isNotNull(budgets.closedAt), lte(budgets.closesAt, now));
	if (status === 'closed') return closed;
	const notClosed = and(isNull(budgets.closedAt), gt(budgets.closesAt, now));
	return status === 'open' ? and(notClosed, lte(budgets.opensAt, now)) : and(notClosed, gt(budgets.opensAt, now));
};

/**
 * Located projects of the budgets of public spaces. The state is the vote's (upcoming, open,
 * closed); once closed, whether the project was selected. `selected` keeps only those.
 */
export const budgetsMapLayers: MapLayer[] = [
	{
		id: 'budgets',
		title: { fr: 'Projets de budget participatif', en: 'Participatory budget projects' },
		filters: [
			{
				name: 'status',
				label: { fr: 'Vote', en: 'Vote' },
				options: [
					...statuses.map((status) => ({ value: status, label: label(`budgets.status.${status}`) })),
					{ value: 'selected', label: label('budgets.selected') }
				]
			}
		],
		async items(db, query) {
			const [west, south, east, north] = query.bbox;
			const now = new Date();
			const filter = query.filters.status;
			const status = filter === 'selected' ? 'closed' : statuses.find((s) => s === filter);
			const rows = await db
				.select({ project: budgetProjects, budget: budgets, spaceSlug: spaces.slug, organisationSlug: organisations.slug, organisationName: organisations.name })
				.from(budgetProjects)
				.innerJoin(budgets, eq(budgets.id, budgetProjects.budgetId))
				.innerJoin(spaces, eq(spaces.id, budgets.spaceId))
				.innerJoin(organisations, eq(organisations.id, budgets.organisationId))
				.where(
					and(
						eq(spaces.visibility, 'public'),
						isNotNull(budgetProjects.longitude),
						between(budgetProjects.longitude, west, east),
						between(budgetProjects.latitude, south, north),
						status ? withStatus(status, now) : undefined
					)
				)
				.orderBy(desc(budgets.closesAt), asc(budgetProjects.number))
				.limit(query.limit);
			// Selection of closed budgets: one tally per budget on the map (results are public once closed).
			const selected = new Map<string, boolean>();
			const closedBudgets = new Map<string, Budget>();
			for (const row of rows)
				if (budgetStatus(row.budget, now) === 'closed')
					closedBudgets.set(row.budget.id, { ...row.budget, spaceSlug: row.spaceSlug, organisationSlug: row.organisationSlug, organisationName: row.organisationName });
			for (const budget of closedBudgets.values()) for (const p of (await budgetResults(db, budget)).projects) selected.set(p.id, p.selected);
			return rows
				.filter((row) => filter !== 'selected' || selected.get(row.project.id))
				.map(({ project: p, budget, spaceSlug }) => {
					const state = budgetStatus(budget, now);
					const stateKey = state !== 'closed' ? `budgets.status.${state}` : selected.get(p.id) ? 'budgets.selected' : 'budgets.notSelected';
					return {
						id: p.id,
						longitude: p.longitude!,
						latitude: p.latitude!,
						title: `${p.title} (${budget.title})`,
						url: `${budgetPath({ id: budget.id, spaceSlug })}#project-${p.number}`,
						properties: { status: state, stateLabel: translate('fr', stateKey as never), cost: p.cost, date: budget.closesAt.toISOString(), address: p.address }
					};
				});
		}
	}
];
