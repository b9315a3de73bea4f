import { and, asc, count, eq } from 'drizzle-orm';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import { recordAdminAction } from '#lib/server/audit/audit.js';
import type { Actor } from '#lib/server/auth/policy.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { streetReportTemplates } from '#lib/server/db/schema.js';
import type { TemplateInput } from '../api.js';

export type AnswerTemplate = typeof streetReportTemplates.$inferSelect;
/** Enough for every usual answer; more would be a list nobody reads. */
export const MAX_TEMPLATES = 100;

export function listTemplates(db: DbOrTx, organisationId: string) {
	return db.select().from(streetReportTemplates).where(eq(streetReportTemplates.organisationId, organisationId)).orderBy(asc(streetReportTemplates.title), asc(streetReportTemplates.id));
}

export async function templateOr404(db: DbOrTx, organisationId: string, id: string): Promise<AnswerTemplate> {
	const [template] = await db
		.select()
		.from(streetReportTemplates)
		.where(and(eq(streetReportTemplates.id, id), eq(streetReportTemplates.organisationId, organisationId)));
	if (!template) throw new ApiError('not_found', 'streetreports.error.templateNotFound');
	return template;
}

/** Who created, changed or deleted which template goes to the admin log, in the change's transaction. */
const logTemplate = (tx: DbOrTx, actor: Actor, organisationId: string, action: 'create' | 'update' | 'delete', template: AnswerTemplate, previous?: AnswerTemplate) =>
	recordAdminAction(tx, {
		actorId: actor.userId,
		action: `streetreports.template.${action}`,
		targetType: 'organisation',
		targetId: organisationId,
		details: {
			template: template.id,
			title: template.title,
			status: template.status,
			...(previous ? { previous: { title: previous.title, status: previous.status, changedText: previous.publicText !== template.publicText } } : {})
		}
	});

export async function createTemplate(db: Db, actor: Actor, organisationId: string, input: TemplateInput) {
	assertCan(actor, 'report.manageTemplates', { organisationId });
	return db.transaction(async (tx) => {
		const [{ total }] = await tx.select({ total: count() }).from(streetReportTemplates).where(eq(streetReportTemplates.organisationId, organisationId));
		if (Number(total) >= MAX_TEMPLATES) throw new ApiError('bad_request', 'streetreports.error.tooManyTemplates', undefined, undefined, { max: MAX_TEMPLATES });
		const [created] = await tx
			.insert(streetReportTemplates)
			.values({ organisationId, title: input.title, status: input.status ?? null, publicText: input.public_text })
			.returning();
		await logTemplate(tx, actor, organisationId, 'create', created);
		return created;
	});
}

export async function updateTemplate(db: Db, actor: Actor, organisationId: string, id: string, input: TemplateInput) {
	assertCan(actor, 'report.manageTemplates', { organisationId });
	return db.transaction(async (tx) => {
		const where = and(eq(streetReportTemplates.id, id), eq(streetReportTemplates.organisationId, organisationId));
		const [previous] = await tx.select().from(streetReportTemplates).where(where).for('update');
		if (!previous) throw new ApiError('not_found', 'streetreports.error.templateNotFound');
		const [updated] = await tx
			.update(streetReportTemplates)
			.set({ title: input.title, status: input.status ?? null, publicText: input.public_text, updatedAt: new Date() })
			.where(where)
			.returning();
		await logTemplate(tx, actor, organisationId, 'update', updated, previous);
		return updated;
	});
}

export async function deleteTemplate(db: Db, actor: Actor, organisationId: string, id: string) {
	assertCan(actor, 'report.manageTemplates', { organisationId });
	await db.transaction(async (tx) => {
		const [deleted] = await tx
			.delete(streetReportTemplates)
			.where(and(eq(streetReportTemplates.id, id), eq(streetReportTemplates.organisationId, organisationId)))
			.returning();
		if (!deleted) throw new ApiError('not_found', 'streetreports.error.templateNotFound');
		await logTemplate(tx, actor, organisationId, 'delete', deleted);
	});
}

/**
 * The public comment of a status change: the agent's own text, else the chosen template's. The
 * template must belong to the organisation handling every report concerned (else 400).
 */
export async function templateComment(db: DbOrTx, templateId: string | undefined, organisationIds: string[], comment: string) {
	if (!templateId) return comment;
	const [template] = await db.select().from(streetReportTemplates).where(eq(streetReportTemplates.id, templateId.toLowerCase()));
	if (!template || organisationIds.some((id) => id !== template.organisationId))
		throw new ApiError('bad_request', 'streetreports.error.templateElsewhere', { template: 'streetreports.validation.templateElsewhere' });
	return comment || template.publicText;
}

export const templateJson = (template: AnswerTemplate, organisationSlug: string) => ({
	id: template.id,
	organisation: organisationSlug,
	title: template.title,
	status: template.status,
	public_text: template.publicText,
	updated_at: template.updatedAt.toISOString()
});
