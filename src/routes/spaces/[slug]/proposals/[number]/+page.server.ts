import { redirect, type RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { follow, isFollowing, unfollow } from '#lib/features/notifications/server/notifications.js';
import { amendmentInput, answerInput, coauthorInviteInput } from '#lib/features/proposals/api.js';
import { loadCommentsSection, type CommentsSection } from '#lib/features/comments/server/comments.js';
import { decodeCursor } from '#lib/server/api/pagination.js';
import { addAttachment, listAttachments, removeAttachment } from '#lib/features/proposals/server/attachments.js';
import { acceptAmendment, findAmendment, listAmendments, promoteAmendment, proposeAmendment, rejectAmendment } from '#lib/features/proposals/server/amendments.js';
import { presentProposals, proposalOr404, spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import {
	answerInvitation,
	answerProposal,
	customStatesOf,
	inviteCoauthor,
	proposalDetails,
	publishAnswer,
	publishProposal,
	withdrawProposal
} from '#lib/features/proposals/server/proposals.js';
import { supportProposal, withdrawSupport } from '#lib/features/proposals/server/supports.js';
import { diffText } from '#lib/features/proposals/server/versions.js';
import { activePhase, capabilityRefusal } from '#lib/features/spaces/server/spaces.js';
import { ApiError, localise } from '#lib/server/api/errors.js';
import { can } from '#lib/server/auth/policy.js';
import { proposals } from '#lib/server/db/schema.js';
import { formAction, formFailure, readForm, siteUrl } from '#lib/server/http/forms.js';
import { isPayloadTooLarge } from '#lib/server/api/endpoint.js';
import { orPageError } from '#lib/server/http/pages.js';
import { renderMarkdown } from '#lib/server/markdown.js';
import { getRuntime } from '#lib/server/runtime.js';

type Event = RequestEvent<{ slug: string; number: string }>;

async function load_(event: Event) {
	const { db } = getRuntime().database;
	const access = await spaceOr404(db, event.params.slug, event.locals.actor);
	return proposalOr404(db, access, event.params.number, event.locals.actor);
}

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { actor, locale } = event.locals;
		const access = await load_(event);
		const { space, proposal, resource } = access;
		const [[json], details, amendmentRows, phase, following, customStates, attachments] = await Promise.all([
			presentProposals(db, access, [proposal], actor, siteUrl(event)),
			proposalDetails(db, [proposal.id], actor),
			listAmendments(db, proposal.id),
			activePhase(db, space.id),
			isFollowing(db, actor.userId, { targetType: 'proposal', targetId: proposal.id }),
			customStatesOf(db, space.organisationId),
			listAttachments(db, proposal.id)
		]);
		const mergedInto = proposal.mergedIntoId
			? (await db.select({ number: proposals.number, title: proposals.title }).from(proposals).where(eq(proposals.id, proposal.mergedIntoId)))[0]
			: undefined;
		const refusalText = (capability: 'supports' | 'amendments') => {
			const refusal = capabilityRefusal(phase, capability);
			return refusal ? localise(refusal.message, locale, refusal.params) : null;
		};
		// The discussion (comments feature); drafts have none.
		const discussion: CommentsSection | null =
			proposal.state === 'draft'
				? null
				: await loadCommentsSection(db, actor, 'proposal', proposal.id, { locale, cursor: decodeCursor(event.url.searchParams.get('comments')) });
		const isAuthor = actor.userId !== null && resource.authorIds.includes(actor.userId);
		const canAnswer = can(actor, 'proposal.answer', resource);
		return {
			space: { slug: space.slug, title: space.title, rules: space.rules },
			proposal: json,
			bodyHtml: renderMarkdown(proposal.body),
			discussion,
			attachments,
			invited: isAuthor ? details.invitedOf(proposal.id) : [],
			mergedInto,
			amendments: amendmentRows.map(({ amendment, authorName }) => ({
				id: amendment.id,
				title: amendment.title,
				state: amendment.state,
				authorName,
				mine: amendment.authorId === actor.userId,
				promotedProposalId: amendment.promotedProposalId,
				diff: diffText(proposal.body, amendment.body),
				titleChanged: amendment.title !== proposal.title
			})),
			following,
			isAuthor,
			pendingInvitation: access.pendingInvitation,
			canParticipate: can(actor, 'space.participate', resource),
			canEdit: isAuthor && (proposal.state === 'draft' || (proposal.state === 'published' && proposal.supportsCount === 0 && proposal.commentsCount === 0)),
			canAnswer,
			heldAnswer: canAnswer && proposal.answerState && !proposal.answerPublishedAt
				? { state: proposal.answerState, text: proposal.answerText ?? '', cost: proposal.answerCost }
				: null,
			answerDraft: canAnswer
				? { state: proposal.answerState ?? 'evaluating', text: proposal.answerText ?? '', cost: proposal.answerCost ?? '', progress: proposal.progress ?? '', customStateId: proposal.customStateId ?? '' }
				: null,
			customStates: customStates.map(({ id, label, color }) => ({ id, label, color })),
			supportsRefusal: refusalText('supports'),
			amendmentsRefusal: refusalText('amendments')
		};
	});

/** Runs one action on the proposal; refusals come back as the form's message. */
async function act<T>(event: Event, values: Record<string, unknown>, run: (access: Awaited<ReturnType<typeof load_>>) => Promise<T>) {
	const done = await formAction(event, values, async () => run(await load_(event)));
	return done;
}

const database = () => getRuntime().database.db;

export const actions: Actions = {
	support: async (event) => {
		const done = await act(event, {}, (access) => supportProposal(database(), event.locals.actor, access));
		return done.ok ? { supported: true } : done.failure;
	},
	unsupport: async (event) => {
		const done = await act(event, {}, (access) => withdrawSupport(database(), event.locals.actor, access));
		return done.ok ? { unsupported: true } : done.failure;
	},
	publish: async (event) => {
		const done = await act(event, {}, (access) => publishProposal(database(), event.locals.actor, access));
		return done.ok ? { published: true } : done.failure;
	},
	withdraw: async (event) => {
		const done = await act(event, {}, (access) => withdrawProposal(database(), event.locals.actor, access));
		return done.ok ? { withdrawn: true } : done.failure;
	},
	follow: async (event) => {
		const done = await act(event, {}, async (access) => {
			if (!can(event.locals.actor, 'space.participate', access.resource)) throw new ApiError('unauthenticated', 'error.unauthenticated');
			await follow(database(), event.locals.actor.userId!, { targetType: 'proposal', targetId: access.proposal.id });
		});
		return done.ok ? { followed: true } : done.failure;
	},
	unfollow: async (event) => {
		const done = await act(event, {}, async (access) => {
			if (!event.locals.actor.userId) throw new ApiError('unauthenticated', 'error.unauthenticated');
			await unfollow(database(), event.locals.actor.userId, { targetType: 'proposal', targetId: access.proposal.id });
		});
		return done.ok ? { unfollowed: true } : done.failure;
	},
	invite: async (event) => {
		const form = await readForm(event, coauthorInviteInput);
		if (!form.ok) return form.failure;
		const done = await act(event, form.data, (access) => inviteCoauthor(database(), event.locals.actor, access, form.data.email));
		return done.ok ? { invited: form.data.email } : done.failure;
	},
	acceptInvitation: async (event) => {
		const done = await act(event, {}, (access) => answerInvitation(database(), event.locals.actor, access, true));
		return done.ok ? { invitationAccepted: true } : done.failure;
	},
	declineInvitation: async (event) => {
		const done = await act(event, {}, (access) => answerInvitation(database(), event.locals.actor, access, false));
		if (!done.ok) return done.failure;
		redirect(303, `/spaces/${event.params.slug}`);
	},
	amend: async (event) => {
		const form = await readForm(event, amendmentInput);
		if (!form.ok) return { ...form.failure, data: { ...form.failure.data, amendForm: true } };
		const done = await act(event, form.data, (access) => proposeAmendment(database(), event.locals.actor, access, form.data));
		return done.ok ? { amended: true } : done.failure;
	},
	acceptAmendment: async (event) => decideAmendment(event, 'accept'),
	rejectAmendment: async (event) => decideAmendment(event, 'reject'),
	promoteAmendment: async (event) => {
		const id = String((await event.request.formData()).get('amendmentId') ?? '');
		const done = await act(event, {}, async (access) => {
			const amendment = await findAmendment(database(), id);
			if (!amendment || amendment.proposalId !== access.proposal.id) throw new ApiError('not_found', 'error.notFound');
			return promoteAmendment(database(), event.locals.actor, access, amendment);
		});
		if (!done.ok) return done.failure;
		const { proposal } = done.value as Awaited<ReturnType<typeof promoteAmendment>>;
		redirect(303, `/spaces/${event.params.slug}/proposals/${proposal.number}`);
	},
	answer: async (event) => {
		const form = await readForm(event, answerInput);
		if (!form.ok) return form.failure;
		const done = await act(event, form.data, (access) => answerProposal(database(), event.locals.actor, access, form.data));
		return done.ok ? { answered: form.data.publish ? 'published' : 'held' } : done.failure;
	},
	attach: async (event) => {
		let file: File | undefined;
		try {
			const value = (await event.request.formData()).get('file');
			if (value instanceof File && value.size > 0) file = value;
		} catch (caught) {
			if (isPayloadTooLarge(caught)) return formFailure(event, 413, 'form.invalid', { file: 'attachment.tooLarge' });
			return formFailure(event, 400, 'error.badRequest');
		}
		if (!file) return formFailure(event, 422, 'form.invalid', { file: 'validation.required' });
		const chosen = file;
		const done = await act(event, {}, async (access) =>
			addAttachment(database(), event.locals.actor, access, { name: chosen.name, bytes: new Uint8Array(await chosen.arrayBuffer()) })
		);
		return done.ok ? { attached: done.value.filename } : done.failure;
	},
	removeAttachment: async (event) => {
		const id = String((await event.request.formData()).get('attachmentId') ?? '');
		const done = await act(event, {}, (access) => removeAttachment(database(), event.locals.actor, access, id));
		return done.ok ? { attachmentRemoved: true } : done.failure;
	},
	publishAnswer: async (event) => {
		const done = await act(event, {}, (access) => publishAnswer(database(), event.locals.actor, access));
		return done.ok ? { answered: 'published' } : done.failure;
	}
};

async function decideAmendment(event: Event, decision: 'accept' | 'reject') {
	const id = String((await event.request.formData()).get('amendmentId') ?? '');
	const done = await act(event, {}, (access) =>
		decision === 'accept' ? acceptAmendment(database(), event.locals.actor, access, id) : rejectAmendment(database(), event.locals.actor, access, id)
	);
	return done.ok ? { amendmentDecided: decision } : done.failure;
}
