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
}
export type Action = keyof Actions;

const hasRole = (actor: Actor, organisationId: string, ...roles: MemberRole[]) =>
	actor.memberships.some((m) => m.organisationId === organisationId && roles.includes(m.role));
const signedIn = (actor: Actor) => actor.userId !== null;
const isSelf = (actor: Actor, resource: UserResource) => signedIn(actor) && actor.userId === resource.userId;

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
	'adminLog.read': (actor) => actor.isPlatformAdmin
};

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
