import { sql } from 'drizzle-orm';
import { anonymous } from '../auth/policy.js';
import { hashPassword } from '../auth/password.js';
import type { Db } from '../db/client.js';
import { clubMembers, memberships, organisations, users } from '../db/schema.js';
import { recordAdminAction } from '../audit/audit.js';
import { boundingBox } from '#lib/features/organisations/server/organisations.js';
import { seedParticipation } from '#lib/features/proposals/server/seed.js';
import { seedDocuments } from '#lib/features/documents/server/seed.js';
import { seedMeetings } from '#lib/features/meetings/server/seed.js';
import { seedVotes } from '#lib/features/votes/server/seed.js';
import { seedPublications } from '#lib/features/publications/server/seed.js';
import { seedStreetReports } from '#lib/features/streetreports/server/seed.js';
import { seedBudgets } from '#lib/features/budgets/server/seed.js';
import type { MemberRole, OrganisationKind, TerritoryGeometry } from '#lib/features/organisations/schema.js';

/** Shared by every demo account; listed in the README. Demo data only, never a real secret. */
export const DEMO_PASSWORD = 'Parvis-demo-2026';

const polygon = (...ring: [number, number][]): TerritoryGeometry => ({ type: 'Polygon', coordinates: [ring] });

/** Approximate boundaries (a few vertices each), enough for routing and the map. */
const demoOrganisations: {
	slug: string;
	name: string;
	kind: OrganisationKind;
	description: string;
	accentColor: string;
	website?: string;
	territory?: TerritoryGeometry;
}[] = [
	{
		slug: 'auray',
		name: 'Ville d’Auray',
		kind: 'town',
		description: 'Commune d’Auray (Morbihan), 14 000 habitants, sur la rivière du Loch.',
		accentColor: '#1d4e89',
		website: 'https://www.auray.fr',
		territory: polygon([-3.012, 47.69], [-2.962, 47.696], [-2.94, 47.676], [-2.953, 47.652], [-2.986, 47.645], [-3.016, 47.66], [-3.012, 47.69])
	},
	{
		slug: 'aqta',
		name: 'Auray Quiberon Terre Atlantique',
		kind: 'intercommunality',
		description: 'Communauté de communes de 24 communes, d’Auray à la presqu’île de Quiberon.',
		accentColor: '#00695c',
		website: 'https://www.auray-quiberon.fr',
		territory: polygon([-3.22, 47.74], [-2.93, 47.765], [-2.86, 47.68], [-2.93, 47.56], [-3.1, 47.47], [-3.17, 47.52], [-3.22, 47.62], [-3.22, 47.74])
	},
	{
		slug: 'morbihan',
		name: 'Département du Morbihan',
		kind: 'department',
		description: 'Conseil départemental du Morbihan : routes départementales, collèges, solidarités.',
		accentColor: '#8e2433',
		website: 'https://www.morbihan.fr',
		territory: polygon(
			[-3.73, 47.8], [-3.52, 48.1], [-3.2, 48.2], [-2.7, 48.13], [-2.28, 48.02], [-2.05, 47.75],
			[-2.1, 47.52], [-2.45, 47.45], [-2.8, 47.48], [-3.12, 47.3], [-3.3, 47.6], [-3.52, 47.72], [-3.73, 47.8]
		)
	},
	{
		slug: 'vannes',
		name: 'Ville de Vannes',
		kind: 'town',
		description: 'Préfecture du Morbihan.',
		accentColor: '#4a148c',
		territory: polygon([-2.81, 47.68], [-2.72, 47.685], [-2.71, 47.64], [-2.76, 47.62], [-2.81, 47.64], [-2.81, 47.68])
	},
	{
		slug: 'club-logiciels-libres-bretagne',
		name: 'Club des utilisateurs de logiciels libres publics de Bretagne',
		kind: 'club',
		description:
			'Collectivités qui partagent des logiciels libres : chaque année, les membres à jour répartissent 100 points entre les demandes d’évolution.',
		accentColor: '#5d4037'
	}
];

const demoAccounts: {
	email: string;
	displayName: string;
	isPlatformAdmin?: boolean;
	roles: { organisation: string; role: MemberRole }[];
}[] = [
	{ email: 'admin@parvis.example', displayName: 'Camille Administratrice', isPlatformAdmin: true, roles: [] },
	{ email: 'orgadmin@parvis.example', displayName: 'Dominique Martin', roles: [{ organisation: 'auray', role: 'admin' }] },
	{ email: 'agent@parvis.example', displayName: 'Sacha Le Goff', roles: [{ organisation: 'auray', role: 'agent' }] },
	{ email: 'elu@parvis.example', displayName: 'Maëlle Le Bihan', roles: [{ organisation: 'auray', role: 'elected' }] },
	{
		email: 'delegue@parvis.example',
		displayName: 'Nolwenn Guégan',
		roles: [
			{ organisation: 'morbihan', role: 'member' },
			{ organisation: 'club-logiciels-libres-bretagne', role: 'member' }
		]
	},
	{ email: 'citoyen@parvis.example', displayName: 'Yann Kerlo', roles: [] }
];

export const demoAccountEmails = demoAccounts.map((account) => account.email);

/** Fills an empty database with the demo territory; does nothing if organisations exist. */
export async function seedDemo(db: Db, now = new Date()): Promise<boolean> {
	const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(organisations);
	if (count > 0) return false;
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	await db.transaction(async (tx) => {
		const orgIds = new Map<string, string>();
		for (const org of demoOrganisations) {
			const { territory, ...rest } = org;
			const [row] = await tx
				.insert(organisations)
				.values({ ...rest, ...(territory ? { territory, ...boundingBox(territory) } : {}) })
				.returning({ id: organisations.id });
			orgIds.set(org.slug, row.id);
		}
		const club = orgIds.get('club-logiciels-libres-bretagne')!;
		await tx.insert(clubMembers).values(
			['auray', 'aqta', 'morbihan', 'vannes'].map((slug) => ({
				clubId: club,
				memberId: orgIds.get(slug)!,
				inGoodStanding: slug !== 'vannes'
			}))
		);
		for (const account of demoAccounts) {
			const [user] = await tx
				.insert(users)
				.values({
					email: account.email,
					displayName: account.displayName,
					passwordHash,
					isPlatformAdmin: account.isPlatformAdmin ?? false,
					emailVerifiedAt: now
				})
				.returning({ id: users.id });
			for (const { organisation, role } of account.roles)
				await tx.insert(memberships).values({ organisationId: orgIds.get(organisation)!, userId: user.id, role });
		}
		// Participation (issue 3): Auray's participatory budget and the club's standing committee.
		await seedParticipation(tx, now);
		await seedDocuments(tx, now);
		await seedMeetings(tx, now);
		await seedVotes(tx, now);
		await seedPublications(tx, now);
		await seedStreetReports(tx, now);
		await seedBudgets(tx, now);
		await recordAdminAction(tx, {
			actorId: anonymous.userId,
			actorLabel: 'system',
			action: 'seed.demo',
			targetType: 'platform',
			details: { organisations: demoOrganisations.length, accounts: demoAccounts.length }
		});
	});
	return true;
}
