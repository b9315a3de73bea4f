import type { MemberRole } from '#lib/features/organisations/schema.js';

/**
 * Who is acting. Built once per request from the session or API token; `can` decides from it
 * alone, so the permission matrix can be walked in a unit test without a database.
 */
export interface Actor {
	userId: string | null;
	isPlatformAdmin: boolean;
	memberships: { organisationId: string; role: MemberRole }[];
}

export const anonymous: Actor = Object.freeze({ userId: null, isPlatformAdmin: false, memberships: [] });

export interface OrganisationResource {
	organisationId: string;
}
export interface UserResource {
	userId: string;
}
/**
 * A space as the policy sees it. The caller loads the actor's membership of the space
 * (space memberships are per space, so they are not part of the actor).
 */
export interface SpaceResource {
	organisationId: string;
	visibility: 'public' | 'private';
	/** The actor's role in the space, if any. */
	spaceRole: 'member' | 'moderator' | null;
}
/** Something people wrote (proposal, amendment, comment), with its authors. */
export interface AuthoredResource extends SpaceResource {
	authorIds: string[];
}

// Co-edited documents
export type DocumentRole = 'owner' | 'editor' | 'commenter' | 'reader';
/** A document as the policy sees it: its space, its visibility and the actor's own role on it. */
export interface DocumentResource extends SpaceResource {
	/** `space`: readers of the space read it; `restricted`: only people given a role. */
	documentVisibility: 'space' | 'restricted';
	/** The role the actor was given on the document, if any. */
	documentRole: DocumentRole | null;
}

// Votes
/** A ballot as the policy sees it; the domain resolves whose ballot it is and whether they are eligible. */
export interface BallotResource extends SpaceResource {
	ballotScope: 'organisation' | 'person';
	/** Organisation ballots: the organisation voted for, only when it is in good standing in the club; else null. */
	voterOrganisationId: string | null;
}
/** A co-funding pledge: the pledging organisation, only when it is a member in good standing of the club; else null. */
export interface PledgeResource extends SpaceResource {
	pledgerOrganisationId: string | null;
}

/** Every action the portal checks, with the resource it is checked against. */
export interface Actions {
	'organisation.read': undefined;
	'organisation.create': undefined;
	/** Name, description, logo, colour, territory, categories: the settings. */
	'organisation.configure': OrganisationResource;
	'organisation.manageMembers': OrganisationResource;
	/** Handle the organisation's issue reports. Agents only: administrators configure, agents process. */
	'organisation.processReports': OrganisationResource;
	/** Speak in the organisation's name (official proposals, answers). */
	'organisation.actOnBehalf': OrganisationResource;
	'profile.read': UserResource;
	'profile.update': UserResource;
	'apiToken.manage': UserResource;
	'user.list': undefined;
	'user.create': undefined;
	'user.block': UserResource;
	'adminLog.read': undefined;
	'space.read': SpaceResource;
	'space.create': OrganisationResource;
	/** Settings, phases, rules and members of a space. */
	'space.configure': SpaceResource;
	/** Take part (propose, support, comment, amend, report): a signed-in person who can read the space. */
	'space.participate': SpaceResource;
	'proposal.edit': AuthoredResource;
	'proposal.answer': SpaceResource;
	'proposal.merge': SpaceResource;
	'proposal.publishOfficial': SpaceResource;
	'amendment.decide': AuthoredResource;
	'comment.edit': AuthoredResource;
	/** Moderators' queue: hide, unhide, dismiss. */
	'content.moderate': SpaceResource;
	// Co-edited documents
	'document.create': SpaceResource;
	'document.read': DocumentResource;
	'document.comment': DocumentResource;
	'document.edit': DocumentResource;
	/** Title, visibility, roles, deletion. */
	'document.manage': DocumentResource;
	// Chat
	/** Take part in the space's Matrix room: anyone signed in for a public space, members for a private one. */
	'chat.join': SpaceResource;
	// Meetings
	/** Create, edit, cancel and close a space's meetings; see who registered. */
	'meeting.manage': SpaceResource;
	/** Sign up for a meeting: a signed-in person who can read the space. */
	'meeting.register': SpaceResource;
	// Votes
	/** Create votes, pick their items, move the closing date, close them; always see the results. */
	'vote.manage': SpaceResource;
	/** Edit a ballot: one's own (person ballots), or an eligible organisation's as its elected official, agent or administrator. */
	'vote.cast': BallotResource;
	/** Pledge co-funding in the name of a member organisation of the club. */
	'pledge.make': PledgeResource;
	// Participatory budgets
	/** Create budgets and their projects, close the vote, see results before closing. */
	'budget.manage': SpaceResource;
	/** Fill a basket and vote: a signed-in person who can read the space (the budget's eligibility rule is checked by the domain). */
	'budget.vote': SpaceResource;
	/** Enter or import counted paper ballots: the organisation's agents and administrators. */
	'budget.enterPaperVotes': SpaceResource;
	// Issue reports
	/** File an issue report: anyone signed in, or anybody where the competent organisation allows anonymous reports. */
	'report.create': { allowAnonymous: boolean };
	/** Work on the organisation's reports: status, comments, re-routing. Agents only. */
	'report.process': OrganisationResource;
	/** Hide a report's photo from the public (a face, a licence plate) or show it again. Agents only. */
	'report.hidePhoto': OrganisationResource;
	/** Competent categories, anonymous reports, connectors and failed forwardings of the organisation. */
	'report.configure': OrganisationResource;
	/** The organisation's answer templates: its agents and administrators. */
	'report.manageTemplates': OrganisationResource;
	/** Platform-wide: the category tree and the fallback organisation. */
	'report.administer': undefined;
	// Publication register and webhooks
	/** Adopt, number and publish official acts; withdraw them after the legal minimum. */
	'publications.adopt': OrganisationResource;
	/** Register webhook endpoints, see their deliveries and redeliver. */
	'webhooks.manage': OrganisationResource;
}
export type Action = keyof Actions;

const hasRole = (actor: Actor, organisationId: string, ...roles: MemberRole[]) =>
	actor.memberships.some((m) => m.organisationId === organisationId && roles.includes(m.role));
const signedIn = (actor: Actor) => actor.userId !== null;
const isSelf = (actor: Actor, resource: UserResource) => signedIn(actor) && actor.userId === resource.userId;

const isOrganisationAdmin = (actor: Actor, organisationId: string) => actor.isPlatformAdmin || hasRole(actor, organisationId, 'admin');
const isOrganisationStaff = (actor: Actor, organisationId: string) => hasRole(actor, organisationId, 'elected', 'agent', 'admin');
const canReadSpace = (actor: Actor, r: SpaceResource) =>
	r.visibility === 'public' || r.spaceRole !== null || actor.isPlatformAdmin || isOrganisationStaff(actor, r.organisationId);
const isAuthor = (actor: Actor, r: AuthoredResource) => actor.userId !== null && r.authorIds.includes(actor.userId);

const rules: { [A in Action]: (actor: Actor, resource: Actions[A]) => boolean } = {
	'organisation.read': () => true,
	'organisation.create': (actor) => actor.isPlatformAdmin,
	'organisation.configure': (actor, r) => actor.isPlatformAdmin || hasRole(actor, r.organisationId, 'admin'),
	'organisation.manageMembers': (actor, r) => actor.isPlatformAdmin || hasRole(actor, r.organisationId, 'admin'),
	'organisation.processReports': (actor, r) => hasRole(actor, r.organisationId, 'agent'),
	'organisation.actOnBehalf': (actor, r) => hasRole(actor, r.organisationId, 'elected', 'agent', 'admin'),
	'profile.read': (actor, r) => isSelf(actor, r) || actor.isPlatformAdmin,
	'profile.update': isSelf,
	'apiToken.manage': isSelf,
	'user.list': (actor) => actor.isPlatformAdmin,
	'user.create': (actor) => actor.isPlatformAdmin,
	'user.block': (actor, r) => actor.isPlatformAdmin && actor.userId !== r.userId,
	'adminLog.read': (actor) => actor.isPlatformAdmin,
	'space.read': canReadSpace,
	'space.create': (actor, r) => isOrganisationAdmin(actor, r.organisationId),
	'space.configure': (actor, r) => isOrganisationAdmin(actor, r.organisationId),
	'space.participate': (actor, r) => signedIn(actor) && canReadSpace(actor, r),
	'proposal.edit': (actor, r) => canReadSpace(actor, r) && isAuthor(actor, r),
	'proposal.answer': (actor, r) => isOrganisationAdmin(actor, r.organisationId) || hasRole(actor, r.organisationId, 'agent', 'elected'),
	'proposal.merge': (actor, r) => isOrganisationAdmin(actor, r.organisationId),
	'proposal.publishOfficial': (actor, r) => actor.isPlatformAdmin || isOrganisationStaff(actor, r.organisationId),
	'amendment.decide': (actor, r) => canReadSpace(actor, r) && isAuthor(actor, r),
	'comment.edit': (actor, r) => canReadSpace(actor, r) && isAuthor(actor, r),
	'content.moderate': (actor, r) => r.spaceRole === 'moderator' || isOrganisationAdmin(actor, r.organisationId),
	// Co-edited documents
	'document.create': (actor, r) => signedIn(actor) && canReadSpace(actor, r) && (r.spaceRole !== null || actor.isPlatformAdmin || isOrganisationStaff(actor, r.organisationId)),
	'document.read': (actor, r) => documentRole(actor, r) !== null,
	'document.comment': (actor, r) => signedIn(actor) && ['owner', 'editor', 'commenter'].includes(documentRole(actor, r) ?? ''),
	'document.edit': (actor, r) => signedIn(actor) && ['owner', 'editor'].includes(documentRole(actor, r) ?? ''),
	'document.manage': (actor, r) => signedIn(actor) && documentRole(actor, r) === 'owner',
	// Chat
	'chat.join': (actor, r) => signedIn(actor) && (r.visibility === 'public' || r.spaceRole !== null),
	// Meetings
	'meeting.manage': (actor, r) => isOrganisationAdmin(actor, r.organisationId) || hasRole(actor, r.organisationId, 'agent', 'elected'),
	'meeting.register': (actor, r) => signedIn(actor) && canReadSpace(actor, r),
	// Votes
	'vote.manage': (actor, r) => isOrganisationAdmin(actor, r.organisationId) || hasRole(actor, r.organisationId, 'agent', 'elected'),
	'vote.cast': (actor, r) =>
		signedIn(actor) &&
		canReadSpace(actor, r) &&
		(r.ballotScope === 'person' || (r.voterOrganisationId !== null && hasRole(actor, r.voterOrganisationId, 'elected', 'agent', 'admin'))),
	'pledge.make': (actor, r) => signedIn(actor) && canReadSpace(actor, r) && r.pledgerOrganisationId !== null && hasRole(actor, r.pledgerOrganisationId, 'elected', 'agent', 'admin'),
	// Participatory budgets
	'budget.manage': (actor, r) => isOrganisationAdmin(actor, r.organisationId),
	'budget.vote': (actor, r) => signedIn(actor) && canReadSpace(actor, r),
	'budget.enterPaperVotes': (actor, r) => isOrganisationAdmin(actor, r.organisationId) || hasRole(actor, r.organisationId, 'agent'),
	// Issue reports
	'report.create': (actor, r) => signedIn(actor) || r.allowAnonymous,
	'report.process': (actor, r) => hasRole(actor, r.organisationId, 'agent'),
	'report.hidePhoto': (actor, r) => hasRole(actor, r.organisationId, 'agent'),
	'report.configure': (actor, r) => isOrganisationAdmin(actor, r.organisationId),
	'report.manageTemplates': (actor, r) => isOrganisationAdmin(actor, r.organisationId) || hasRole(actor, r.organisationId, 'agent'),
	'report.administer': (actor) => actor.isPlatformAdmin,
	// Publication register and webhooks
	'publications.adopt': (actor, r) => hasRole(actor, r.organisationId, 'admin', 'elected'),
	'webhooks.manage': (actor, r) => isOrganisationAdmin(actor, r.organisationId)
};

const documentRank: Record<DocumentRole, number> = { owner: 4, editor: 3, commenter: 2, reader: 1 };
/**
 * The role that counts on a document: the one given, raised to owner for the organisation's
 * administrators, and at least reader for the readers of the space when the document is open to it.
 */
export function documentRole(actor: Actor, r: DocumentResource): DocumentRole | null {
	const candidates: DocumentRole[] = [];
	if (r.documentRole && signedIn(actor)) candidates.push(r.documentRole);
	if (isOrganisationAdmin(actor, r.organisationId)) candidates.push('owner');
	if (r.documentVisibility === 'space' && canReadSpace(actor, r)) candidates.push('reader');
	return candidates.sort((a, b) => documentRank[b] - documentRank[a])[0] ?? null;
}

export function can<A extends Action>(actor: Actor, action: A, ...resource: Actions[A] extends undefined ? [] : [Actions[A]]): boolean {
	return rules[action](actor, resource[0] as Actions[A]);
}

export const allActions = Object.keys(rules) as Action[];

/** The roles a person holds, as `GET /api/v1/me` and the profile page list them. */
export function platformRoles(actor: Actor): string[] {
	if (!signedIn(actor)) return [];
	const roles = new Set(['citizen']);
	for (const m of actor.memberships) {
		if (m.role === 'elected') roles.add('elected_official');
		if (m.role === 'agent') roles.add('organisation_agent');
		if (m.role === 'admin') roles.add('organisation_admin');
	}
	if (actor.isPlatformAdmin) roles.add('platform_admin');
	return [...roles];
}
