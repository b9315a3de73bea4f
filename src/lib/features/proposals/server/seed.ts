import { eq } from 'drizzle-orm';
import type { DbOrTx } from '#lib/server/db/client.js';
import { categories, follows, organisations, proposalAuthors, proposals, spaceMembers, spacePhases, spaces, supports, users } from '#lib/server/db/schema.js';
import { defaultSpaceRules, type PhaseCapabilities } from '#lib/features/spaces/schema.js';
import { writeProposalText } from './text.js';

const on = (...names: (keyof PhaseCapabilities)[]): PhaseCapabilities => ({
	proposals: names.includes('proposals'),
	supports: names.includes('supports'),
	comments: names.includes('comments'),
	amendments: names.includes('amendments'),
	votes: names.includes('votes')
});

interface DemoProposal {
	title: string;
	body: string;
	author: string;
	coauthors?: string[];
	category?: string;
	point?: { longitude: number; latitude: number; address: string };
	official?: boolean;
	state?: 'draft' | 'published';
	supporters?: string[];
}

/**
 * Demo participation: Auray's « Budget participatif 2027 » (ideas → analysis → vote → results,
 * ideas open) with a handful of proposals, and the users' club standing committee.
 * Called by the demo seed, inside its transaction, after organisations and accounts exist.
 */
export async function seedParticipation(tx: DbOrTx, now: Date) {
	const orgs = await tx.select({ id: organisations.id, slug: organisations.slug }).from(organisations);
	const orgId = (slug: string) => orgs.find((o) => o.slug === slug)!.id;
	const accounts = await tx.select({ id: users.id, email: users.email }).from(users);
	const userId = (name: string) => accounts.find((a) => a.email === `${name}@parvis.example`)!.id;

	const categoryIds = new Map<string, string>();
	for (const [position, name] of ['Mobilités', 'Environnement', 'Solidarités', 'Cadre de vie'].entries()) {
		const [row] = await tx.insert(categories).values({ organisationId: orgId('auray'), name, position }).returning({ id: categories.id });
		categoryIds.set(name, row.id);
	}

	const [budget] = await tx
		.insert(spaces)
		.values({
			organisationId: orgId('auray'),
			slug: 'budget-participatif-2027',
			kind: 'process',
			title: 'Budget participatif 2027',
			description:
				'300 000 € du budget d’investissement 2027 sont réservés aux projets des habitantes et habitants d’Auray. Déposez vos idées, soutenez celles des autres ; les services analysent leur faisabilité avant le vote.',
			visibility: 'public',
			rules: { ...defaultSpaceRules, supportsPerParticipant: 10, supportThreshold: 15 },
			createdAt: now
		})
		.returning({ id: spaces.id });
	const phases: [string, string, PhaseCapabilities][] = [
		['Idées', 'Déposez, soutenez et amendez les idées.', on('proposals', 'supports', 'comments', 'amendments')],
		['Analyse', 'Les services de la ville étudient la faisabilité et le coût de chaque idée.', on('comments')],
		['Vote', 'Chaque habitant répartit ses voix entre les projets retenus.', on('votes', 'comments')],
		['Résultats', 'Les projets lauréats et leur avancement.', on()]
	];
	await tx.insert(spacePhases).values(
		phases.map(([title, description, capabilities], index) => ({
			spaceId: budget.id,
			position: index + 1,
			title,
			description,
			isActive: index === 0,
			capabilities,
			startsAt: new Date(Date.UTC(2027, index * 2, 1)),
			endsAt: new Date(Date.UTC(2027, index * 2 + 2, 1))
		}))
	);

	const demo: DemoProposal[] = [
		{
			title: 'Des abris vélos sécurisés à la gare d’Auray',
			body: 'Beaucoup d’habitants viennent à la gare à vélo mais n’osent pas l’y laisser la journée.\n\nJe propose **des abris fermés** (accès par badge) d’une quarantaine de places, côté parking sud.',
			author: 'citoyen',
			category: 'Mobilités',
			point: { longitude: -2.9955, latitude: 47.6797, address: 'Place de l’Europe, 56400 Auray' },
			supporters: ['delegue', 'elu', 'agent']
		},
		{
			title: 'Rénover l’aire de jeux des bords du Loch',
			body: 'L’aire de jeux près du port de Saint-Goustan est vieillissante : *jeux inclusifs*, bancs à l’ombre et une fontaine à eau.',
			author: 'delegue',
			category: 'Cadre de vie',
			point: { longitude: -2.9785, latitude: 47.6655, address: 'Quai Franklin, 56400 Auray' },
			supporters: ['citoyen']
		},
		{
			title: 'Un composteur partagé dans chaque quartier',
			body: 'Des composteurs collectifs gérés par des habitants référents, avec une formation au démarrage et le broyat fourni par la ville.',
			author: 'citoyen',
			category: 'Environnement',
			supporters: ['elu']
		},
		{
			title: 'Végétaliser les cours des écoles publiques',
			body: 'Remplacer une partie du bitume des cours d’école par des arbres, des potagers et des sols perméables : plus de fraîcheur l’été.',
			author: 'elu',
			coauthors: ['orgadmin'],
			category: 'Environnement'
		},
		{
			title: 'Des ateliers numériques pour les seniors à la médiathèque',
			body: 'Des séances hebdomadaires pour apprendre à faire ses démarches en ligne, animées par des bénévoles et un conseiller numérique.',
			author: 'delegue',
			category: 'Solidarités'
		},
		{
			title: 'Éclairage public économe rue du Belzic',
			body: 'La ville propose de remplacer les 40 lanternes de la rue du Belzic par des LED à détection de présence, pour diviser la consommation par trois.',
			author: 'agent',
			official: true,
			category: 'Cadre de vie'
		},
		{
			title: 'Une navette gratuite le samedi vers le marché',
			body: 'Brouillon en cours d’écriture à deux : une navette électrique le samedi matin entre les quartiers et le marché du centre.',
			author: 'elu',
			coauthors: ['orgadmin'],
			category: 'Mobilités',
			state: 'draft'
		}
	];

	let number = 0;
	for (const [index, item] of demo.entries()) {
		const publishedAt = item.state === 'draft' ? null : new Date(now.getTime() - (demo.length - index) * 3_600_000);
		const [proposal] = await tx
			.insert(proposals)
			.values({
				spaceId: budget.id,
				number: ++number,
				title: item.title,
				body: item.body,
				state: item.state ?? 'published',
				isOfficial: item.official ?? false,
				categoryId: item.category ? categoryIds.get(item.category) : null,
				longitude: item.point?.longitude ?? null,
				latitude: item.point?.latitude ?? null,
				address: item.point?.address ?? null,
				publishedAt,
				createdAt: publishedAt ?? now,
				updatedAt: publishedAt ?? now
			})
			.returning({ id: proposals.id });
		await tx.insert(proposalAuthors).values([
			{ proposalId: proposal.id, userId: userId(item.author), role: 'author' as const, invitedAt: now, acceptedAt: now },
			...(item.coauthors ?? []).map((name) => ({ proposalId: proposal.id, userId: userId(name), role: 'coauthor' as const, invitedAt: now, acceptedAt: now }))
		]);
		await writeProposalText(tx, proposal.id, item, userId(item.author), 'create', publishedAt ?? now);
		await tx.insert(follows).values({ userId: userId(item.author), targetType: 'proposal', targetId: proposal.id });
		const supporters = item.supporters ?? [];
		if (supporters.length) {
			await tx.insert(supports).values(supporters.map((name) => ({ proposalId: proposal.id, userId: userId(name), spaceId: budget.id, createdAt: now })));
			await tx.update(proposals).set({ supportsCount: supporters.length }).where(eq(proposals.id, proposal.id));
		}
	}
	await tx.insert(follows).values({ userId: userId('citoyen'), targetType: 'space', targetId: budget.id });

	const [committee] = await tx
		.insert(spaces)
		.values({
			organisationId: orgId('club-logiciels-libres-bretagne'),
			slug: 'comite-des-utilisateurs',
			kind: 'group',
			title: 'Comité des utilisateurs',
			description: 'L’instance permanente du club : les collectivités membres y proposent et soutiennent les évolutions des logiciels partagés.',
			visibility: 'public',
			rules: { ...defaultSpaceRules },
			createdAt: new Date(now.getTime() - 1000)
		})
		.returning({ id: spaces.id });
	await tx.insert(spacePhases).values({
		spaceId: committee.id,
		position: 1,
		title: 'Participation permanente',
		isActive: true,
		capabilities: on('proposals', 'supports', 'comments', 'amendments')
	});
	await tx.insert(spaceMembers).values({ spaceId: committee.id, userId: userId('delegue'), role: 'moderator' });
	const [request] = await tx
		.insert(proposals)
		.values({
			spaceId: committee.id,
			number: 1,
			title: 'Export des délibérations au format ouvert',
			body: 'Pouvoir exporter toutes les délibérations en CSV et JSON, avec leurs pièces jointes, pour les publier en données ouvertes.',
			state: 'published',
			publishedAt: now,
			createdAt: now
		})
		.returning({ id: proposals.id });
	await tx.insert(proposalAuthors).values({ proposalId: request.id, userId: userId('delegue'), role: 'author', invitedAt: now, acceptedAt: now });
	await writeProposalText(tx, request.id, { title: 'Export des délibérations au format ouvert', body: 'Pouvoir exporter toutes les délibérations en CSV et JSON, avec leurs pièces jointes, pour les publier en données ouvertes.' }, userId('delegue'), 'create', now);
}
