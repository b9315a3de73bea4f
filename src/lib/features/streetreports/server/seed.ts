import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '#lib/server/db/client.js';
import { organisations, streetReportCategories, streetReportCompetences, streetReportEvents, streetReports, streetReportSettings, streetReportTemplates } from '#lib/server/db/schema.js';
import type { StreetReportStatus } from '../schema.js';
import { ensureCategoryTree } from './categories.js';
import { newTrackingCode } from './reports.js';

/** Who handles what in the demo: the town its streets, the intercommunality waste and water, the department its roads. */
const demoCompetences: { organisation: string; priority: number; categories: string[] }[] = [
	{
		organisation: 'auray',
		priority: 10,
		categories: ['eclairage-public', 'mobilier-urbain', 'stationnement', 'arbres-aires-de-jeux', 'graffitis-affichage', 'batiments-monuments', 'trottoirs', 'encombrants', 'depot-sauvage', 'autre']
	},
	{ organisation: 'aqta', priority: 5, categories: ['dechets-proprete', 'encombrants', 'depot-sauvage', 'poubelle-pleine', 'eau-assainissement', 'plaques-regards'] },
	{ organisation: 'morbihan', priority: 0, categories: ['voirie-signalisation', 'nid-de-poule', 'feux-tricolores', 'panneaux', 'armoires-cables'] },
	{ organisation: 'vannes', priority: 10, categories: ['eclairage-public', 'voirie-signalisation', 'nid-de-poule', 'dechets-proprete', 'encombrants'] }
];

const demoReports: { category: string; organisation: string; latitude: number; longitude: number; address: string; description: string; status: StreetReportStatus; comment?: string }[] = [
	{ category: 'eclairage-public', organisation: 'auray', latitude: 47.6672, longitude: -2.9818, address: 'Place de la République, Auray', description: 'Le lampadaire à l’angle de la place ne s’allume plus depuis une semaine.', status: 'in_progress', comment: 'Intervention prévue vendredi.' },
	{ category: 'encombrants', organisation: 'auray', latitude: 47.6655, longitude: -2.9762, address: 'Rue du Château, Auray', description: 'Un matelas et deux chaises abandonnés sur le trottoir.', status: 'received' },
	{ category: 'nid-de-poule', organisation: 'morbihan', latitude: 47.672, longitude: -2.99, address: 'Route de Pluvigner (D768), Auray', description: 'Nid-de-poule profond sur la voie de droite, dangereux pour les vélos.', status: 'resolved', comment: 'Chaussée reprise le 2 décembre.' }
];

/** Answer templates the demo organisations' agents start with. */
const demoTemplates: { organisation: string; title: string; status: StreetReportStatus | null; publicText: string }[] = [
	{ organisation: 'auray', title: 'Intervention programmée', status: 'in_progress', publicText: 'Merci pour votre signalement. Une équipe des services techniques interviendra dans les prochains jours.' },
	{ organisation: 'auray', title: 'Problème résolu', status: 'resolved', publicText: 'Le problème a été réglé par les services techniques. Merci de nous l’avoir signalé.' },
	{ organisation: 'auray', title: 'Hors de nos compétences', status: 'not_competent', publicText: 'Ce problème ne relève pas de la commune : nous l’avons transmis à l’organisme compétent.' },
	{ organisation: 'morbihan', title: 'Chaussée : intervention programmée', status: 'in_progress', publicText: 'Les agents des routes départementales interviendront sur cette chaussée dans les meilleurs délais.' },
	{ organisation: 'morbihan', title: 'Déjà signalé', status: 'duplicate', publicText: 'Ce problème nous a déjà été signalé et il est en cours de traitement.' }
];

/** Demo categories, competences (with the department as fallback) and a few reports with their history. */
export async function seedStreetReports(tx: DbOrTx, now: Date) {
	await ensureCategoryTree(tx);
	const orgs = await tx.select({ id: organisations.id, slug: organisations.slug }).from(organisations).where(inArray(organisations.slug, ['auray', 'aqta', 'morbihan', 'vannes']));
	const orgId = new Map(orgs.map((o) => [o.slug, o.id]));
	const categories = await tx.select({ id: streetReportCategories.id, slug: streetReportCategories.slug }).from(streetReportCategories);
	const categoryId = new Map(categories.map((c) => [c.slug, c.id]));
	for (const { organisation, priority, categories: slugs } of demoCompetences) {
		const organisationId = orgId.get(organisation);
		if (!organisationId) continue;
		await tx.insert(streetReportCompetences).values(slugs.map((slug) => ({ organisationId, categoryId: categoryId.get(slug)!, priority })));
	}
	const templates = demoTemplates.filter((t) => orgId.has(t.organisation));
	if (templates.length) await tx.insert(streetReportTemplates).values(templates.map(({ organisation, ...t }) => ({ ...t, organisationId: orgId.get(organisation)! })));
	const morbihan = orgId.get('morbihan');
	if (morbihan) await tx.insert(streetReportSettings).values({ organisationId: morbihan, fallback: true });
	for (const [index, demo] of demoReports.entries()) {
		const createdAt = new Date(now.getTime() - (demoReports.length - index) * 86_400_000);
		const [report] = await tx
			.insert(streetReports)
			.values({
				trackingCode: newTrackingCode(),
				categoryId: categoryId.get(demo.category)!,
				organisationId: orgId.get(demo.organisation)!,
				routing: 'competence',
				latitude: demo.latitude,
				longitude: demo.longitude,
				address: demo.address,
				description: demo.description,
				status: demo.status,
				createdAt,
				updatedAt: createdAt
			})
			.returning({ id: streetReports.id, organisationId: streetReports.organisationId });
		await tx.insert(streetReportEvents).values({ reportId: report.id, type: 'created', status: 'received', organisationId: report.organisationId, source: 'system', createdAt });
		if (demo.status !== 'received')
			await tx.insert(streetReportEvents).values({
				reportId: report.id,
				type: 'status',
				status: demo.status,
				organisationId: report.organisationId,
				publicComment: demo.comment ?? null,
				createdAt: new Date(createdAt.getTime() + 3_600_000)
			});
	}
}
