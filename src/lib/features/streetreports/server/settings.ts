import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { assertCan } from '#lib/server/api/endpoint.js';
import { ApiError } from '#lib/server/api/errors.js';
import { recordAdminAction } from '#lib/server/audit/audit.js';
import type { Actor } from '#lib/server/auth/policy.js';
import { assertPublicUrl, type OutboundPolicy } from '#lib/server/http/outbound.js';
import type { Db, DbOrTx } from '#lib/server/db/client.js';
import { organisations, streetReportCategories, streetReportCompetences, streetReportConnectors, streetReportSettings } from '#lib/server/db/schema.js';
import type { Organisation } from '#lib/features/organisations/server/organisations.js';
import type { competencesInput, ConnectorInput } from '../api.js';
import { categoryBySlug } from './categories.js';

export async function reportSettingsOf(db: DbOrTx, organisationId: string) {
	const [settings] = await db.select().from(streetReportSettings).where(eq(streetReportSettings.organisationId, organisationId));
	const competences = await db
		.select({ slug: streetReportCategories.slug, priority: streetReportCompetences.priority })
		.from(streetReportCompetences)
		.innerJoin(streetReportCategories, eq(streetReportCategories.id, streetReportCompetences.categoryId))
		.where(eq(streetReportCompetences.organisationId, organisationId));
	const connectors = await db.select().from(streetReportConnectors).where(eq(streetReportConnectors.organisationId, organisationId));
	return {
		allowAnonymous: settings?.allowAnonymous ?? true,
		fallback: settings?.fallback ?? false,
		priority: competences[0]?.priority ?? 0,
		categories: competences.map((c) => c.slug).sort(),
		connectors
	};
}

/** Replaces the organisation's competent categories (one priority for all) and its anonymous setting. */
export async function setCompetences(db: Db, actor: Actor, organisation: Organisation, input: z.output<typeof competencesInput>) {
	assertCan(actor, 'report.configure', { organisationId: organisation.id });
	const slugs = [...new Set(input.categories)];
	const categories = slugs.length ? await db.select().from(streetReportCategories).where(inArray(streetReportCategories.slug, slugs)) : [];
	const unknown = slugs.filter((slug) => !categories.some((c) => c.slug === slug));
	if (unknown.length) throw new ApiError('validation_failed', 'error.validation', { categories: 'streetreports.validation.unknownCategories' });
	await db.transaction(async (tx) => {
		await tx.delete(streetReportCompetences).where(eq(streetReportCompetences.organisationId, organisation.id));
		if (categories.length)
			await tx.insert(streetReportCompetences).values(categories.map((c) => ({ organisationId: organisation.id, categoryId: c.id, priority: input.priority })));
		await tx
			.insert(streetReportSettings)
			.values({ organisationId: organisation.id, allowAnonymous: input.allow_anonymous })
			.onConflictDoUpdate({ target: streetReportSettings.organisationId, set: { allowAnonymous: input.allow_anonymous, updatedAt: new Date() } });
		await recordAdminAction(tx, {
			actorId: actor.userId,
			action: 'streetreports.competences',
			targetType: 'organisation',
			targetId: organisation.id,
			details: { categories: slugs.length, priority: input.priority, allowAnonymous: input.allow_anonymous }
		});
	});
	return reportSettingsOf(db, organisation.id);
}

/** Creates or replaces the organisation's connector for a category (or for all its categories). */
export async function saveConnector(db: Db, actor: Actor, organisation: Organisation, input: ConnectorInput, outbound: OutboundPolicy) {
	assertCan(actor, 'report.configure', { organisationId: organisation.id });
	const category = input.category ? await categoryBySlug(db, input.category) : undefined;
	// Open311 and webhook connectors are called by the server: never towards the machine or its network.
	if (input.kind !== 'email' && input.url) await assertPublicUrl(input.url, outbound);
	const values = {
		kind: input.kind,
		url: input.url ?? null,
		apiKey: input.api_key ?? null,
		jurisdictionId: input.jurisdiction_id ?? null,
		serviceCode: input.service_code ?? null,
		secret: input.secret ?? null,
		email: input.email ?? null,
		enabled: input.enabled,
		updatedAt: new Date()
	};
	return db.transaction(async (tx) => {
		const scope = and(eq(streetReportConnectors.organisationId, organisation.id), category ? eq(streetReportConnectors.categoryId, category.id) : isNull(streetReportConnectors.categoryId));
		const [existing] = await tx.select({ id: streetReportConnectors.id }).from(streetReportConnectors).where(scope).for('update');
		const [saved] = existing
			? await tx.update(streetReportConnectors).set(values).where(eq(streetReportConnectors.id, existing.id)).returning()
			: await tx.insert(streetReportConnectors).values({ ...values, organisationId: organisation.id, categoryId: category?.id ?? null }).returning();
		await recordAdminAction(tx, { actorId: actor.userId, action: 'streetreports.connector', targetType: 'organisation', targetId: organisation.id, details: { kind: input.kind, category: input.category ?? null } });
		return saved;
	});
}

/** The platform's catch-all organisation for reports nobody is competent for. */
export async function setFallbackOrganisation(db: Db, actor: Actor, slug: string) {
	assertCan(actor, 'report.administer');
	const [organisation] = await db.select().from(organisations).where(eq(organisations.slug, slug));
	if (!organisation) throw new ApiError('validation_failed', 'error.validation', { organisation: 'streetreports.validation.unknownOrganisation' });
	await db.transaction(async (tx) => {
		await tx.update(streetReportSettings).set({ fallback: false }).where(eq(streetReportSettings.fallback, true));
		await tx
			.insert(streetReportSettings)
			.values({ organisationId: organisation.id, fallback: true })
			.onConflictDoUpdate({ target: streetReportSettings.organisationId, set: { fallback: true, updatedAt: new Date() } });
		await recordAdminAction(tx, { actorId: actor.userId, action: 'streetreports.fallback', targetType: 'organisation', targetId: organisation.id, details: {} });
	});
	return organisation;
}

export const connectorJson = (c: typeof streetReportConnectors.$inferSelect, categorySlug: string | null) => ({
	id: c.id,
	kind: c.kind,
	category: categorySlug,
	url: c.url,
	jurisdiction_id: c.jurisdictionId,
	service_code: c.serviceCode,
	email: c.email,
	enabled: c.enabled,
	/** Secrets are never shown back, only whether they are set. */
	has_api_key: Boolean(c.apiKey),
	has_secret: Boolean(c.secret)
});
