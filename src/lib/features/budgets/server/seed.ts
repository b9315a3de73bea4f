import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '#lib/server/db/client.js';
import { budgetProjects, budgets, proposals, spaces } from '#lib/server/db/schema.js';

const DAY = 86_400_000;

/**
 * Demo participatory budget: Auray's 2027 budget, open for three weeks, 8 projects, at least 70 %
 * of the 150,000 € to spend, open to every verified account. Called after the spaces exist.
 */
export async function seedBudgets(tx: DbOrTx, now: Date) {
	const [space] = await tx.select({ id: spaces.id, organisationId: spaces.organisationId }).from(spaces).where(eq(spaces.slug, 'budget-participatif-2027'));
	if (!space) return;
	const [budget] = await tx
		.insert(budgets)
		.values({
			organisationId: space.organisationId,
			spaceId: space.id,
			title: 'Budget participatif 2027 d’Auray',
			description: 'La ville consacre 150 000 € à des projets proposés par les habitants. Composez votre panier : au moins 70 % du budget, sans le dépasser.',
			totalAmount: 150_000,
			rule: 'minimum_share',
			minSharePercent: 70,
			eligibility: 'any',
			opensAt: new Date(now.getTime() - DAY),
			closesAt: new Date(now.getTime() + 21 * DAY),
			createdAt: now,
			updatedAt: now
		})
		.returning({ id: budgets.id });
	const projects: [string, string, number, number | null, number | null][] = [
		['Abri à vélos sécurisé à la gare', 'Un abri fermé de 40 places, accessible avec la carte de transport.', 45_000, -2.9995, 47.6793],
		['Jardins partagés du Loch', 'Douze parcelles, un composteur et une réserve d’eau de pluie près de la rivière.', 18_000, -2.9845, 47.6655],
		['Aire de jeux inclusive au Bel-Air', 'Des jeux accessibles aux enfants en fauteuil et un sol souple.', 60_000, -2.9712, 47.6701],
		['Bancs et ombrage place Notre-Dame', 'Dix bancs et quatre arbres pour s’asseoir à l’ombre en centre-ville.', 22_000, -2.9822, 47.6677],
		['Boîtes à livres dans les quartiers', 'Six boîtes à livres fabriquées par le lycée professionnel.', 6_000, null, null],
		['Éclairage solaire du chemin de halage', 'Des bornes solaires à détection le long du Loc’h, de Saint-Goustan au pont.', 38_000, -2.9780, 47.6630],
		['Fontaines à eau potable', 'Trois fontaines au port, au stade et au parc.', 15_000, -2.9770, 47.6646],
		['Piste de skate rénovée', 'Reprise du revêtement et deux nouveaux modules.', 52_000, -2.9920, 47.6720]
	];
	// The bike shelter comes from a citizen's proposal of the same space (when the demo has it).
	const [bikes] = await tx.select({ id: proposals.id }).from(proposals).where(and(eq(proposals.spaceId, space.id), eq(proposals.title, 'Des abris vélos sécurisés à la gare d’Auray')));
	const addresses: Record<number, string> = {
		1: 'Place de la Gare, Auray',
		3: 'Rue du Bel-Air, Auray',
		4: 'Place Notre-Dame, Auray'
	};
	await tx.insert(budgetProjects).values(
		projects.map(([title, description, cost, longitude, latitude], index) => ({
			budgetId: budget.id,
			number: index + 1,
			title,
			description,
			cost,
			longitude,
			latitude,
			address: addresses[index + 1] ?? null,
			proposalId: index === 0 ? (bikes?.id ?? null) : null,
			createdAt: now
		}))
	);
}
