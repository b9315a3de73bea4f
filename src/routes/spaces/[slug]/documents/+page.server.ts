import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { documentCreateInput } from '#lib/features/documents/api.js';
import { createDocument, listDocuments } from '#lib/features/documents/server/documents.js';
import { importContent } from '#lib/features/documents/server/import.js';
import { spaceOr404 } from '#lib/features/proposals/server/lookup.js';
import { decodeCursor } from '#lib/server/api/pagination.js';
import { assertCan } from '#lib/server/api/endpoint.js';
import { can } from '#lib/server/auth/policy.js';
import { formAction, readForm } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { actor } = event.locals;
		const { space, resource } = await spaceOr404(db, event.params.slug, actor);
		const page = await listDocuments(db, actor, { spaceId: space.id, cursor: decodeCursor(event.url.searchParams.get('cursor')), limit: 20 });
		return {
			space: { slug: space.slug, title: space.title },
			documents: page.items.map(({ id, title, visibility, updatedAt }) => ({ id, title, visibility, updatedAt })),
			nextCursor: page.nextCursor,
			canCreate: can(actor, 'document.create', resource)
		};
	});

export const actions: Actions = {
	default: async (event) => {
		// A Word file, when one is chosen, takes the place of the typed content.
		const word = (await event.request.clone().formData().catch(() => null))?.get('file');
		const form = await readForm(event, documentCreateInput);
		if (!form.ok) return form.failure;
		if (word instanceof File && word.size > 0) Object.assign(form.data, { content: Buffer.from(await word.arrayBuffer()).toString('base64'), format: 'docx' });
		const { db } = getRuntime().database;
		const created = await formAction(event, form.data, async () => {
			const { space, resource } = await spaceOr404(db, event.params.slug, event.locals.actor);
			assertCan(event.locals.actor, 'document.create', resource);
			const { content, format, title, visibility } = form.data;
			return createDocument(db, {
				spaceId: space.id,
				title,
				visibility,
				createdBy: event.locals.actor.userId,
				content: content ? await importContent(content, format) : undefined
			});
		});
		if (!created.ok) return created.failure;
		redirect(303, `/documents/${created.value.id}`);
	}
};
