import { eq } from 'drizzle-orm';
import type { DbOrTx } from '#lib/server/db/client.js';
import { meetings, spaces } from '#lib/server/db/schema.js';

const at = (now: Date, days: number, hourUtc: number) => {
	const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hourUtc));
	return date;
};

/**
 * Demo meetings: a session of Auray's municipal council on the participatory budget (in person,
 * no limit on places) and a hybrid meeting of the users' club with 30 places. Called by the demo
 * seed after the participation spaces exist.
 */
export async function seedMeetings(tx: DbOrTx, now: Date) {
	const space = async (slug: string) => (await tx.select({ id: spaces.id, organisationId: spaces.organisationId }).from(spaces).where(eq(spaces.slug, slug)))[0];
	const budget = await space('budget-participatif-2027');
	const club = await space('comite-des-utilisateurs');
	if (budget)
		await tx.insert(meetings).values({
			organisationId: budget.organisationId,
			spaceId: budget.id,
			title: 'Conseil municipal : séance sur le budget participatif',
			description: 'Séance publique du conseil municipal. Présentation des projets retenus pour le budget participatif 2027 et vote du budget.',
			mode: 'in_person',
			address: 'Hôtel de ville, place de la République, 56400 Auray',
			longitude: -2.9806,
			latitude: 47.6679,
			startsAt: at(now, 14, 18),
			endsAt: at(now, 14, 20),
			agenda: [
				{ title: 'Ouverture de la séance et désignation du secrétaire' },
				{ title: 'Budget participatif 2027 : projets retenus', description: 'Présentation par l’adjointe à la démocratie locale.' },
				{ title: 'Questions diverses' }
			],
			registrationsOpen: true,
			places: null,
			changedAt: now,
			createdAt: now,
			updatedAt: now
		});
	if (club)
		await tx.insert(meetings).values({
			organisationId: club.organisationId,
			spaceId: club.id,
			title: 'Réunion du club : feuille de route 2027',
			description: 'Les collectivités membres présentent leurs besoins ; les propositions retenues seront soumises au vote dans les semaines suivantes.',
			mode: 'hybrid',
			address: 'Maison des associations, 12 rue du Lait, 56000 Vannes',
			longitude: -2.7603,
			latitude: 47.6559,
			onlineUrl: 'https://meet.jit.si/club-logiciels-libres-bretagne',
			startsAt: at(now, 21, 9),
			endsAt: at(now, 21, 12),
			agenda: [{ title: 'Bilan de l’année' }, { title: 'Propositions d’évolution des logiciels partagés' }, { title: 'Calendrier des votes' }],
			registrationsOpen: true,
			places: 30,
			changedAt: now,
			createdAt: now,
			updatedAt: now
		});
}
