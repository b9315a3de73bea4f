import type { Actions, PageServerLoad } from './$types';
import { memberForm } from '#lib/features/documents/api.js';
import { listMembers, requireDocument, setMemberRole } from '#lib/features/documents/server/documents.js';
import { findUserByEmail } from '#lib/features/accounts/server/accounts.js';
import { ApiError } from '#lib/server/api/errors.js';
import { formAction, readForm } from '#lib/server/http/forms.js';
import { orPageError } from '#lib/server/http/pages.js';
import { getRuntime } from '#lib/server/runtime.js';

export const load: PageServerLoad = (event) =>
	orPageError(event, async () => {
		const { db } = getRuntime().database;
		const { document } = await requireDocument(db, event.params.id, event.locals.actor, 'document.manage');
		return {
			document: { id: document.id, title: document.title },
			members: (await listMembers(db, document.id)).map(({ userId, name, role }) => ({ userId, name, role }))
		};
	});

export const actions: Actions = {
	default: async (event) => {
		const form = await readForm(event, memberForm);
		if (!form.ok) return form.failure;
		const { db } = getRuntime().database;
		const done = await formAction(event, form.data, async () => {
			const { document } = await requireDocument(db, event.params.id, event.locals.actor, 'document.manage');
			const user = await findUserByEmail(db, form.data.email);
			if (!user) throw new ApiError('validation_failed', 'form.invalid', { email: 'documents.members.unknown' });
			await setMemberRole(db, document.id, user.id, form.data.role === 'none' ? null : form.data.role);
		});
		if (!done.ok) return done.failure;
		return { updated: true };
	}
};
