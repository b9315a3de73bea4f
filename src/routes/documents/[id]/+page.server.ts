import type { Actions, PageServerLoad } from './$types';
import { documentUpdateInput } from '#lib/features/documents/api.js';
import { renderHtml } from '#lib/features/documents/server/content.js';
import { caretColour, currentContent, requireDocument, roleChanged, updateDocument } from '#lib/features/documents/server/documents.js';
import { can } from '#lib/server/auth/policy.js';
import { formAction, readForm } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { actor, user } = event.locals;
		const { document, resource, role } = await requireDocument(db, event.params.id, actor);
		return {
			document: { id: document.id, title: document.title, visibility: document.visibility, spaceSlug: document.spaceSlug, spaceTitle: document.spaceTitle },
			html: renderHtml(await currentContent(db, document.id)),
			role,
			// The live editor needs a session (the WebSocket authenticates with it).
			live: user !== null,
			canEdit: can(actor, 'document.edit', resource),
			canAdopt: can(actor, 'publications.adopt', { organisationId: document.organisationId }),
			canComment: can(actor, 'document.comment', resource),
			canManage: can(actor, 'document.manage', resource),
			me: user ? { name: user.displayName, color: caretColour(user.id) } : null
		};
	});

export const actions: Actions = {
	settings: async (event) => {
		const form = await readForm(event, documentUpdateInput);
		if (!form.ok) return form.failure;
		const { db } = getRuntime().database;
		const done = await formAction(event, form.data, async () => {
			const { document } = await requireDocument(db, event.params.id, event.locals.actor, 'document.manage');
			await updateDocument(db, document.id, form.data);
			roleChanged(document.id, null);
		});
		if (!done.ok) return done.failure;
		return { saved: true };
	}
};
