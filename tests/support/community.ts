/**
 * A small participation world written straight into a fresh database (before the server starts):
 * an organisation, spaces in various states, published proposals and people with their roles.
 * Everything after that goes through HTTP.
 */
import { hashPassword } from '#lib/server/auth/password.js';
import type { Db } from '#lib/server/db/client.js';
import { memberships, organisations, proposalAuthors, proposals, spaceMembers, spacePhases, spaces, users } from '#lib/server/db/schema.js';
import { defaultSpaceRules, type PhaseCapabilities, type SpaceRules } from '#lib/features/spaces/schema.js';

export const PASSWORD = 'Essai-communaute-2026';

export interface Person {
	id: string;
	email: string;
	name: string;
}

export interface Community {
	organisationId: string;
	/** Public process whose active phase accepts comments; commentDepth 3, reportThreshold 3. */
	space: { id: string; slug: string };
	/** Same, with commentDepth 2. */
	shallowSpace: { id: string; slug: string };
	/** Active phase without comments. */
	closedSpace: { id: string; slug: string };
	/** Private (members only). */
	privateSpace: { id: string; slug: string };
	proposal: { id: string; number: number; url: string };
	shallowProposal: { id: string; url: string };
	closedProposal: { id: string; url: string };
	privateProposal: { id: string; url: string };
	people: {
		author: Person;
		moderator: Person;
		orgAdmin: Person;
		platformAdmin: Person;
		member: Person;
		/** Plain citizens, for reports and votes. */
		citizens: Person[];
	};
}

const capabilities = (comments: boolean): PhaseCapabilities => ({ proposals: true, supports: true, comments, amendments: true, votes: false });

export async function seedCommunity(db: Db, options: { citizens?: number } = {}): Promise<Community> {
	const passwordHash = await hashPassword(PASSWORD);
	const unique = Math.random().toString(36).slice(2, 8);
	const person = async (label: string, extra: { isPlatformAdmin?: boolean; displayName?: string } = {}): Promise<Person> => {
		const email = `${label}.${unique}@test.parvis.example`;
		const name = extra.displayName ?? `${label[0].toUpperCase()}${label.slice(1)} ${unique}`;
		const [row] = await db
			.insert(users)
			.values({ email, displayName: name, passwordHash, emailVerifiedAt: new Date(), isPlatformAdmin: extra.isPlatformAdmin ?? false })
			.returning({ id: users.id });
		return { id: row.id, email, name };
	};
	const [org] = await db
		.insert(organisations)
		.values({ slug: `ville-${unique}`, name: `Ville ${unique}`, kind: 'town', description: '', accentColor: '#1d4e89' })
		.returning({ id: organisations.id });
	const space = async (slug: string, opts: { comments?: boolean; visibility?: 'public' | 'private'; rules?: Partial<SpaceRules> } = {}) => {
		const [row] = await db
			.insert(spaces)
			.values({
				organisationId: org.id,
				slug: `${slug}-${unique}`,
				kind: 'process',
				title: `Espace ${slug}`,
				visibility: opts.visibility ?? 'public',
				rules: { ...defaultSpaceRules, ...opts.rules }
			})
			.returning({ id: spaces.id, slug: spaces.slug });
		await db.insert(spacePhases).values({ spaceId: row.id, position: 1, title: 'Idées', isActive: true, capabilities: capabilities(opts.comments ?? true) });
		return row;
	};
	const people = {
		author: await person('autrice'),
		moderator: await person('moderatrice'),
		orgAdmin: await person('orgadmin'),
		platformAdmin: await person('plateforme', { isPlatformAdmin: true }),
		member: await person('membre'),
		citizens: [] as Person[]
	};
	for (let i = 0; i < (options.citizens ?? 5); i++) people.citizens.push(await person(`citoyen${i}`));
	await db.insert(memberships).values({ organisationId: org.id, userId: people.orgAdmin.id, role: 'admin' });

	const main = await space('budget');
	const shallow = await space('court', { rules: { commentDepth: 2 } });
	const closed = await space('ferme', { comments: false });
	const privateSpace = await space('prive', { visibility: 'private' });
	await db.insert(spaceMembers).values([
		{ spaceId: main.id, userId: people.moderator.id, role: 'moderator' },
		{ spaceId: privateSpace.id, userId: people.member.id, role: 'member' }
	]);
	let number = 0;
	const proposal = async (s: { id: string; slug: string }, title: string) => {
		number += 1;
		const [row] = await db
			.insert(proposals)
			.values({ spaceId: s.id, number, title, body: `Texte de « ${title} ».`, state: 'published', publishedAt: new Date() })
			.returning({ id: proposals.id, number: proposals.number });
		await db.insert(proposalAuthors).values({ proposalId: row.id, userId: people.author.id, role: 'author', acceptedAt: new Date() });
		return { id: row.id, number: row.number, url: `/spaces/${s.slug}/proposals/${row.number}` };
	};
	return {
		organisationId: org.id,
		space: main,
		shallowSpace: shallow,
		closedSpace: closed,
		privateSpace,
		proposal: await proposal(main, 'Un abri à vélos devant la gare'),
		shallowProposal: await proposal(shallow, 'Des bancs au port'),
		closedProposal: await proposal(closed, 'Une fontaine'),
		privateProposal: await proposal(privateSpace, 'Un sujet interne'),
		people
	};
}
