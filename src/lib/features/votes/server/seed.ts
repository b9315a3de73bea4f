import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '#lib/server/db/client.js';
import { ballotAllocations, ballotChanges, ballots, organisations, proposals, spaces, voteItems, votes } from '#lib/server/db/schema.js';

const DAY = 86_400_000;

/**
 * Demo votes of the users' club: this year's 100-point vote on feature requests (open, results
 * live, the top three funded) with ballots of three member organisations, and last year's closed
 * vote (budget envelope) for the open-data export. Called after the participation spaces exist.
 */
export async function seedVotes(tx: DbOrTx, now: Date) {
	const [space] = await tx.select({ id: spaces.id }).from(spaces).where(eq(spaces.slug, 'comite-des-utilisateurs'));
	if (!space) return;
	const orgRows = await tx.select({ id: organisations.id, slug: organisations.slug }).from(organisations).where(inArray(organisations.slug, ['auray', 'aqta', 'morbihan']));
	const org = new Map(orgRows.map((o) => [o.slug, o.id]));
	const [request] = await tx.select({ id: proposals.id, title: proposals.title }).from(proposals).where(and(eq(proposals.spaceId, space.id), eq(proposals.number, 1)));

	const vote = async (values: typeof votes.$inferInsert, items: (typeof voteItems.$inferInsert extends infer I ? Omit<I, 'voteId' | 'position'> : never)[], cast: Record<string, number[]>) => {
		const [row] = await tx.insert(votes).values(values).returning({ id: votes.id });
		const inserted = await tx.insert(voteItems).values(items.map((item, index) => ({ ...item, voteId: row.id, position: index + 1 }))).returning({ id: voteItems.id });
		for (const [slug, points] of Object.entries(cast)) {
			const total = points.reduce((a, b) => a + b, 0);
			const [ballot] = await tx.insert(ballots).values({ voteId: row.id, organisationId: org.get(slug)!, total, createdAt: now, updatedAt: now }).returning({ id: ballots.id });
			const allocations = points.map((p, i) => ({ itemId: inserted[i].id, points: p })).filter((a) => a.points > 0);
			await tx.insert(ballotAllocations).values(allocations.map((a) => ({ ...a, ballotId: ballot.id })));
			await tx.insert(ballotChanges).values({ ballotId: ballot.id, allocations, total, createdAt: now });
		}
	};

	await vote(
		{
			spaceId: space.id,
			title: 'Priorités d’évolution 2027',
			description: 'Chaque collectivité membre à jour de cotisation répartit 100 points entre les demandes. Le club finance les trois premières.',
			opensAt: new Date(now.getTime() - 2 * DAY),
			closesAt: new Date(now.getTime() + 12 * DAY),
			resultsVisibility: 'live',
			secrecy: 'public_breakdown',
			fundingRule: 'top_n',
			fundedCount: 3,
			createdAt: now,
			updatedAt: now
		},
		[
			{ proposalId: request?.id ?? null, title: request?.title ?? 'Export des délibérations au format ouvert', category: 'Données ouvertes', costEstimate: 12_000, url: 'https://tracker.example.org/issues/101' },
			{ title: 'Connexion avec FranceConnect', category: 'Authentification', costEstimate: 18_000, url: 'https://tracker.example.org/issues/87' },
			{ title: 'Application mobile hors ligne pour les agents', category: 'Mobilité', costEstimate: 35_000, url: 'https://tracker.example.org/issues/64' },
			{ title: 'Tableau de bord des demandes citoyennes', category: 'Pilotage', costEstimate: 9_000, url: 'https://tracker.example.org/issues/112' },
			{ title: 'Accessibilité RGAA des formulaires', category: 'Accessibilité', costEstimate: 7_500, url: 'https://tracker.example.org/issues/95' }
		],
		{ auray: [40, 20, 0, 25, 15], aqta: [10, 50, 30, 0, 10], morbihan: [30, 0, 20, 20, 30] }
	);
	await vote(
		{
			spaceId: space.id,
			title: 'Priorités d’évolution 2026',
			opensAt: new Date(now.getTime() - 380 * DAY),
			closesAt: new Date(now.getTime() - 360 * DAY),
			resultsVisibility: 'after_closing',
			fundingRule: 'budget',
			budget: 40_000,
			createdAt: now,
			updatedAt: now
		},
		[
			{ title: 'Signature électronique des arrêtés', costEstimate: 22_000 },
			{ title: 'Carte des travaux en cours', costEstimate: 15_000 },
			{ title: 'Import des listes électorales', costEstimate: 12_000 }
		],
		{ auray: [50, 30, 20], aqta: [60, 0, 40], morbihan: [20, 50, 30] }
	);
}
