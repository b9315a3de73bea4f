import type { Actions, PageServerLoad } from './$types';
import { versionCreateInput } from '#lib/features/documents/api.js';
import { renderHtml } from '#lib/features/documents/server/content.js';
import { createVersion, listVersions, requireDocument, restoreVersion } from '#lib/features/documents/server/documents.js';
import { diffVersions } from '#lib/features/documents/server/diff.js';
import { decodeCursor } from '#lib/server/api/pagination.js';
import { ApiError } from '#lib/server/api/errors.js';
import { can } from '#lib/server/auth/policy.js';
import { formAction, readForm } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { actor } = event.locals;
		const { document, resource } = await requireDocument(db, event.params.id, actor);
		const page = await listVersions(db, document.id, { cursor: decodeCursor(event.url.searchParams.get('cursor')), limit: 30 });
		const from = event.url.searchParams.get('from');
		const to = event.url.searchParams.get('to');
		const view = event.url.searchParams.get('view');
		const viewed = view ? page.items.find((v) => v.id === view) : undefined;
		return {
			document: { id: document.id, title: document.title },
			versions: page.items.map(({ id, kind, name, createdAt, createdByName }) => ({ id, kind, name, createdAt, createdByName })),
			nextCursor: page.nextCursor,
			diff: from && to ? { from, to, parts: await diffVersions(db, document.id, from, to) } : null,
			viewed: viewed ? { id: viewed.id, name: viewed.name, html: renderHtml(viewed.content) } : null,
			canEdit: can(actor, 'document.edit', resource)
		};
	});

export const actions: Actions = {
	save: async (event) => {
		const form = await readForm(event, versionCreateInput);
		if (!form.ok) return form.failure;
		const { db } = getRuntime().database;
		const done = await formAction(event, form.data, async () => {
			const { document } = await requireDocument(db, event.params.id, event.locals.actor, 'document.edit');
			return createVersion(db, { documentId: document.id, kind: 'named', name: form.data.name, createdBy: event.locals.actor.userId });
		});
		if (!done.ok) return done.failure;
		return { saved: done.value.name };
	},
	restore: async (event) => {
		const { db } = getRuntime().database;
		const data = await event.request.formData();
		const versionId = String(data.get('version') ?? '');
		const done = await formAction(event, {}, async () => {
			const { document } = await requireDocument(db, event.params.id, event.locals.actor, 'document.edit');
			if (!versionId) throw new ApiError('not_found', 'documents.versionNotFound');
			return restoreVersion(db, document.id, versionId, event.locals.actor.userId);
		});
		if (!done.ok) return done.failure;
		return { restored: true };
	}
};
