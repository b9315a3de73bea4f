import { describe, expect, it } from 'vitest';
import { allActions, anonymous, can, documentRole, platformRoles, type Action, type Actions, type Actor, type DocumentRole } from '#lib/server/auth/policy.js';

/**
 * The permission matrix: every role × every action, against an explicit table. A new action
 * fails the first test until it gets its row here, so nobody adds a permission unreviewed.
 */
const ORG_A = 'org-a';
const ORG_B = 'org-b';

const roles = {
	anonymous,
	citizen: { userId: 'citizen', isPlatformAdmin: false, memberships: [] },
	member: { userId: 'member', isPlatformAdmin: false, memberships: [{ organisationId: ORG_A, role: 'member' }] },
	elected: { userId: 'elected', isPlatformAdmin: false, memberships: [{ organisationId: ORG_A, role: 'elected' }] },
	agent: { userId: 'agent', isPlatformAdmin: false, memberships: [{ organisationId: ORG_A, role: 'agent' }] },
	orgAdminA: { userId: 'org-admin-a', isPlatformAdmin: false, memberships: [{ organisationId: ORG_A, role: 'admin' }] },
	platformAdmin: { userId: 'platform-admin', isPlatformAdmin: true, memberships: [] },
	orgAdminB: { userId: 'org-admin-b', isPlatformAdmin: false, memberships: [{ organisationId: ORG_B, role: 'admin' }] }
} satisfies Record<string, Actor>;
type Role = keyof typeof roles;
const everyone = Object.keys(roles) as Role[];
const signedIn = everyone.filter((role) => role !== 'anonymous');

/** What each action is checked against: things of organisation A, belonging to someone else. */
const organisationA = { organisationId: ORG_A };
const someoneElse = { userId: 'someone-else' };
const publicSpaceA = { organisationId: ORG_A, visibility: 'public', spaceRole: null } as const;
/** Written by the citizen: only authors edit their own texts. */
const citizensText = { ...publicSpaceA, authorIds: ['citizen'] };

/** A document open to its (public) space, on which the actor holds no role. */
const openDocument = { ...publicSpaceA, documentVisibility: 'space', documentRole: null } as const;

/** Votes: organisation B runs a users' club; A is a member in good standing. */
const clubSpaceB = { organisationId: ORG_B, visibility: 'public', spaceRole: null } as const;
const ballotOfA = { ...clubSpaceB, ballotScope: 'organisation', voterOrganisationId: ORG_A } as const;

const resources: { [A in Action]: Actions[A] } = {
	'organisation.read': undefined,
	'organisation.create': undefined,
	'organisation.configure': organisationA,
	'organisation.manageMembers': organisationA,
	'organisation.processReports': organisationA,
	'organisation.actOnBehalf': organisationA,
	'profile.read': someoneElse,
	'profile.update': someoneElse,
	'apiToken.manage': someoneElse,
	'user.list': undefined,
	'user.create': undefined,
	'user.block': someoneElse,
	'adminLog.read': undefined,
	'space.read': publicSpaceA,
	'space.create': organisationA,
	'space.configure': publicSpaceA,
	'space.participate': publicSpaceA,
	'proposal.edit': citizensText,
	'proposal.answer': publicSpaceA,
	'proposal.merge': publicSpaceA,
	'proposal.publishOfficial': publicSpaceA,
	'amendment.decide': citizensText,
	'comment.edit': citizensText,
	'content.moderate': publicSpaceA,
	'document.create': publicSpaceA,
	'document.read': openDocument,
	'document.comment': openDocument,
	'document.edit': openDocument,
	'document.manage': openDocument,
	// Chat
	'chat.join': publicSpaceA,
	// Meetings
	'meeting.manage': publicSpaceA,
	'meeting.register': publicSpaceA,
	// Votes
	'vote.manage': publicSpaceA,
	'vote.cast': ballotOfA,
	'pledge.make': { ...clubSpaceB, pledgerOrganisationId: ORG_A },
	'budget.manage': publicSpaceA,
	'budget.vote': publicSpaceA,
	'budget.enterPaperVotes': publicSpaceA,
	// Issue reports
	'report.create': { allowAnonymous: false },
	'report.process': organisationA,
	'report.hidePhoto': organisationA,
	'report.configure': organisationA,
	'report.manageTemplates': organisationA,
	'report.administer': undefined,
	// Publication register and webhooks
	'publications.adopt': organisationA,
	'webhooks.manage': organisationA
};

/** Who may do each action on the resource above. */
const expected: Record<Action, Role[]> = {
	'organisation.read': everyone,
	'organisation.create': ['platformAdmin'],
	// Administrators configure; they do not process reports, which is the agents' job.
	'organisation.configure': ['orgAdminA', 'platformAdmin'],
	'organisation.manageMembers': ['orgAdminA', 'platformAdmin'],
	'organisation.processReports': ['agent'],
	'organisation.actOnBehalf': ['elected', 'agent', 'orgAdminA'],
	'profile.read': ['platformAdmin'],
	'profile.update': [],
	'apiToken.manage': [],
	'user.list': ['platformAdmin'],
	'user.create': ['platformAdmin'],
	'user.block': ['platformAdmin'],
	'adminLog.read': ['platformAdmin'],
	'space.read': everyone,
	'space.create': ['orgAdminA', 'platformAdmin'],
	'space.configure': ['orgAdminA', 'platformAdmin'],
	'space.participate': signedIn,
	'proposal.edit': ['citizen'],
	'proposal.answer': ['elected', 'agent', 'orgAdminA', 'platformAdmin'],
	'proposal.merge': ['orgAdminA', 'platformAdmin'],
	'proposal.publishOfficial': ['elected', 'agent', 'orgAdminA', 'platformAdmin'],
	'amendment.decide': ['citizen'],
	'comment.edit': ['citizen'],
	'content.moderate': ['orgAdminA', 'platformAdmin'],
	// Co-edited documents: staff create; without a role, readers of the space only read.
	'document.create': ['elected', 'agent', 'orgAdminA', 'platformAdmin'],
	'document.read': everyone,
	'document.comment': ['orgAdminA', 'platformAdmin'],
	'document.edit': ['orgAdminA', 'platformAdmin'],
	'document.manage': ['orgAdminA', 'platformAdmin'],
	// Chat
	'chat.join': signedIn,
	// Meetings
	'meeting.manage': ['elected', 'agent', 'orgAdminA', 'platformAdmin'],
	'meeting.register': signedIn,
	// Votes: the people who speak for a member organisation edit its ballot and pledge in its name.
	'vote.manage': ['elected', 'agent', 'orgAdminA', 'platformAdmin'],
	'vote.cast': ['elected', 'agent', 'orgAdminA'],
	'pledge.make': ['elected', 'agent', 'orgAdminA'],
	'budget.manage': ['orgAdminA', 'platformAdmin'],
	'budget.vote': signedIn,
	'budget.enterPaperVotes': ['agent', 'orgAdminA', 'platformAdmin'],
	// Issue reports: agents process, administrators configure; anonymous only where allowed.
	'report.create': signedIn,
	'report.process': ['agent'],
	'report.hidePhoto': ['agent'],
	'report.configure': ['orgAdminA', 'platformAdmin'],
	'report.manageTemplates': ['agent', 'orgAdminA', 'platformAdmin'],
	'report.administer': ['platformAdmin'],
	// Publication register: the people who sign acts (elected officials) and administrators; agents prepare, they do not adopt.
	'publications.adopt': ['elected', 'orgAdminA'],
	'webhooks.manage': ['orgAdminA', 'platformAdmin']
};

const check = (actor: Actor, action: Action, resource: unknown) =>
	(can as (actor: Actor, action: Action, resource?: unknown) => boolean)(actor, action, resource);
const allowed = (action: Action, resource: unknown = resources[action]) =>
	everyone.filter((role) => check(roles[role], action, resource));

describe('permission matrix', () => {
	it('has a row for every action the policy knows, and no other', () => {
		expect(Object.keys(expected).sort()).toEqual([...allActions].sort());
		expect(Object.keys(resources).sort()).toEqual([...allActions].sort());
	});

	it.each(allActions)('%s', (action) => {
		expect(allowed(action)).toEqual(everyone.filter((role) => expected[action]?.includes(role)));
	});

	it('lets nobody vote for an organisation out of good standing, and every signed-in reader cast a person ballot', () => {
		expect(allowed('vote.cast', { ...ballotOfA, voterOrganisationId: null })).toEqual([]);
		expect(allowed('pledge.make', { ...clubSpaceB, pledgerOrganisationId: null })).toEqual([]);
		expect(allowed('vote.cast', { ...clubSpaceB, ballotScope: 'person', voterOrganisationId: null })).toEqual(signedIn);
		expect(allowed('vote.cast', { ...ballotOfA, visibility: 'private', ballotScope: 'person' })).toEqual(['platformAdmin', 'orgAdminB']);
	});

	it('separates configuring from processing reports', () => {
		expect(check(roles.orgAdminA, 'organisation.configure', organisationA)).toBe(true);
		expect(check(roles.orgAdminA, 'organisation.processReports', organisationA)).toBe(false);
		expect(check(roles.agent, 'organisation.processReports', organisationA)).toBe(true);
		expect(check(roles.agent, 'organisation.configure', organisationA)).toBe(false);
	});

	it('gives an organisation’s roles no power over another organisation', () => {
		const organisationB = { organisationId: ORG_B };
		expect(check(roles.orgAdminB, 'organisation.configure', organisationB)).toBe(true);
		for (const role of ['member', 'elected', 'agent', 'orgAdminA'] as const)
			for (const action of ['organisation.configure', 'organisation.processReports', 'organisation.actOnBehalf'] as const)
				expect(check(roles[role], action, organisationB), `${role} ${action} on B`).toBe(false);
	});
});

describe('issue reports', () => {
	it('lets anybody report where the competent organisation allows anonymous reports', () => {
		expect(allowed('report.create', { allowAnonymous: true })).toEqual(everyone);
	});
});

describe('own account', () => {
	it('lets every signed-in person read and update their profile and manage their tokens', () => {
		for (const role of signedIn) {
			const self = { userId: roles[role].userId! };
			for (const action of ['profile.read', 'profile.update', 'apiToken.manage'] as const)
				expect(check(roles[role], action, self), `${role} ${action}`).toBe(true);
		}
	});

	it('does not let a platform administrator block themselves', () => {
		expect(check(roles.platformAdmin, 'user.block', { userId: 'platform-admin' })).toBe(false);
	});
});

describe('spaces', () => {
	const privateSpaceA = { organisationId: ORG_A, visibility: 'private', spaceRole: null } as const;

	it('shows a private space to its members, the organisation’s staff and platform administrators only', () => {
		expect(allowed('space.read', privateSpaceA)).toEqual(['elected', 'agent', 'orgAdminA', 'platformAdmin']);
		expect(check(roles.citizen, 'space.read', { ...privateSpaceA, spaceRole: 'member' })).toBe(true);
		expect(check(roles.citizen, 'space.participate', { ...privateSpaceA, spaceRole: 'member' })).toBe(true);
	});

	it('stops authors editing what they wrote in a space they can no longer read', () => {
		expect(check(roles.citizen, 'comment.edit', { ...privateSpaceA, authorIds: ['citizen'] })).toBe(false);
	});

	it('lets a space moderator moderate that space', () => {
		expect(check(roles.citizen, 'content.moderate', { ...publicSpaceA, spaceRole: 'moderator' })).toBe(true);
		expect(check(roles.citizen, 'content.moderate', { ...publicSpaceA, spaceRole: 'member' })).toBe(false);
	});
});

describe('documents', () => {
	const restricted = (documentRole: DocumentRole | null, visibility: 'public' | 'private' = 'public') =>
		({ organisationId: ORG_A, visibility, spaceRole: null, documentVisibility: 'restricted', documentRole }) as const;
	const actions = ['document.read', 'document.comment', 'document.edit', 'document.manage'] as const;
	const abilities = (actor: Actor, resource: ReturnType<typeof restricted>) => actions.filter((a) => check(actor, a, resource));

	it('gives each role its powers, and nothing to people without one on a restricted document', () => {
		expect(abilities(roles.citizen, restricted('owner'))).toEqual([...actions]);
		expect(abilities(roles.citizen, restricted('editor'))).toEqual(['document.read', 'document.comment', 'document.edit']);
		expect(abilities(roles.citizen, restricted('commenter'))).toEqual(['document.read', 'document.comment']);
		expect(abilities(roles.citizen, restricted('reader'))).toEqual(['document.read']);
		for (const role of ['anonymous', 'citizen', 'member', 'elected', 'agent', 'orgAdminB'] as const)
			expect(abilities(roles[role], restricted(null)), role).toEqual([]);
		expect(abilities(roles.orgAdminA, restricted(null))).toEqual([...actions]);
	});

	it('follows the space’s privacy: a document open to a private space is hidden from outsiders', () => {
		const inPrivate = { organisationId: ORG_A, visibility: 'private', spaceRole: null, documentVisibility: 'space', documentRole: null } as const;
		expect(check(roles.citizen, 'document.read', inPrivate)).toBe(false);
		expect(check(roles.citizen, 'document.read', { ...inPrivate, spaceRole: 'member' })).toBe(true);
		expect(check(roles.citizen, 'document.edit', { ...inPrivate, spaceRole: 'member' })).toBe(false);
		expect(check(roles.anonymous, 'document.read', { ...inPrivate, documentRole: 'editor' })).toBe(false);
		expect(documentRole(roles.citizen, { ...inPrivate, documentRole: 'commenter' })).toBe('commenter');
	});
});

describe('chat', () => {
	it('keeps a private space’s room to the members of the space, staff included only when members', () => {
		const privateSpaceA = { organisationId: ORG_A, visibility: 'private', spaceRole: null } as const;
		expect(allowed('chat.join', privateSpaceA)).toEqual([]);
		expect(check(roles.citizen, 'chat.join', { ...privateSpaceA, spaceRole: 'member' })).toBe(true);
		expect(check(anonymous, 'chat.join', { ...privateSpaceA, spaceRole: 'member' })).toBe(false);
	});
});

describe('platformRoles', () => {
	it('names the roles a person holds', () => {
		expect(platformRoles(anonymous)).toEqual([]);
		expect(platformRoles(roles.citizen)).toEqual(['citizen']);
		expect(platformRoles(roles.member)).toEqual(['citizen']);
		expect(platformRoles(roles.elected)).toEqual(['citizen', 'elected_official']);
		expect(platformRoles(roles.agent)).toEqual(['citizen', 'organisation_agent']);
		expect(platformRoles(roles.orgAdminA)).toEqual(['citizen', 'organisation_admin']);
		expect(platformRoles(roles.platformAdmin)).toEqual(['citizen', 'platform_admin']);
	});
});
