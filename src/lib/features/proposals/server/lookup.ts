import { eq } from 'drizzle-orm';
import { readableSpace, type SpaceAccess } from '#lib/features/spaces/server/spaces.js';
import { ApiError } from '#lib/server/api/errors.js';
import { can, type Actor } from '#lib/server/auth/policy.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import { amendments, proposals } from '#lib/server/db/schema.js';
import { categoriesOf, customStatesOf, proposalDetails, readableProposal, toProposalJson, type Proposal, type ProposalAccess } from './proposals.js';
import { isUuid } from '#lib/server/api/validation.js';

/**
 * Look-ups shared by pages and API routes: each answers "not found" for what the actor may not
 * see, so a private space or someone's draft is never disclosed.
 */
export async function spaceOr404(db: DbOrTx, slug: string, actor: Actor): Promise<SpaceAccess> {
	const access = await readableSpace(db, { slug }, actor);
	if (!access) throw new ApiError('not_found', 'error.notFound');
	return access;
}

export async function proposalOr404(db: DbOrTx, access: SpaceAccess, number: string, actor: Actor): Promise<ProposalAccess> {
	const parsed = /^\d{1,9}$/.test(number) ? Number(number) : NaN;
	const proposal = Number.isNaN(parsed) ? undefined : await readableProposal(db, access, { number: parsed }, actor);
	if (!proposal) throw new ApiError('not_found', 'error.notFound');
	return proposal;
}

export async function proposalByIdOr404(db: DbOrTx, id: string, actor: Actor): Promise<ProposalAccess> {
	const [row] = isUuid(id) ? await db.select({ spaceId: proposals.spaceId }).from(proposals).where(eq(proposals.id, id)) : [];
	const space = row && (await readableSpace(db, { id: row.spaceId }, actor));
	const proposal = space && (await readableProposal(db, space, { id }, actor));
	if (!proposal) throw new ApiError('not_found', 'error.notFound');
	return proposal;
}

/** An amendment and its proposal, if the actor may see the proposal. */
export async function amendmentOr404(db: DbOrTx, id: string, actor: Actor) {
	const [amendment] = isUuid(id) ? await db.select().from(amendments).where(eq(amendments.id, id)) : [];
	if (!amendment) throw new ApiError('not_found', 'error.notFound');
	return { amendment, access: await proposalByIdOr404(db, amendment.proposalId, actor) };
}

/** Proposals as the API shows them, with their authors, category and custom state. */
export async function presentProposals(db: DbOrTx, access: SpaceAccess, rows: (Parameters<typeof toProposalJson>[0] | Proposal)[], actor: Actor, siteUrl: string) {
	const [details, categories, customStates] = await Promise.all([
		proposalDetails(
			db,
			rows.map((row) => row.id),
			actor
		),
		categoriesOf(db, access.space.organisationId),
		customStatesOf(db, access.space.organisationId)
	]);
	const seesHeldAnswer = can(actor, 'proposal.answer', access.resource);
	return rows.map((row) =>
		toProposalJson(row, {
			space: access.space,
			siteUrl,
			authors: details.authorsOf(row.id),
			supported: details.supports.has(row.id),
			categories,
			customStates,
			seesHeldAnswer
		})
	);
}
