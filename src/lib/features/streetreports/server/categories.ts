import { asc, count, eq } from 'drizzle-orm';
import type { Locale } from '#lib/i18n/index.js';
import { ApiError } from '#lib/server/api/errors.js';
import type { DbOrTx } from '#lib/server/db/client.js';
import { streetReportCategories } from '#lib/server/db/schema.js';

export type Category = typeof streetReportCategories.$inferSelect;

type Node = { slug: string; fr: string; en: string; children?: Node[] };

/** The tree every platform starts with; administrators may extend it. */
export const defaultCategoryTree: Node[] = [
	{ slug: 'dechets-proprete', fr: 'Déchets et propreté', en: 'Waste and cleanliness', children: [
		{ slug: 'encombrants', fr: 'Encombrants', en: 'Bulky waste' },
		{ slug: 'depot-sauvage', fr: 'Dépôt sauvage', en: 'Fly-tipping' },
		{ slug: 'poubelle-pleine', fr: 'Poubelle ou conteneur plein', en: 'Full bin or container' }
	] },
	{ slug: 'eclairage-public', fr: 'Éclairage public', en: 'Street lighting' },
	{ slug: 'voirie-signalisation', fr: 'Voirie et signalisation', en: 'Roads and signs', children: [
		{ slug: 'nid-de-poule', fr: 'Nid-de-poule, chaussée abîmée', en: 'Pothole, damaged road' },
		{ slug: 'feux-tricolores', fr: 'Feux tricolores', en: 'Traffic lights' },
		{ slug: 'panneaux', fr: 'Panneaux et marquage', en: 'Signs and road markings' },
		{ slug: 'trottoirs', fr: 'Trottoirs', en: 'Pavements' }
	] },
	{ slug: 'mobilier-urbain', fr: 'Mobilier urbain', en: 'Street furniture' },
	{ slug: 'stationnement', fr: 'Stationnement', en: 'Parking' },
	{ slug: 'arbres-aires-de-jeux', fr: 'Arbres et aires de jeux', en: 'Trees and playgrounds' },
	{ slug: 'eau-assainissement', fr: 'Eau et assainissement', en: 'Water and sewers' },
	{ slug: 'plaques-regards', fr: "Plaques et regards d'égout", en: 'Manhole covers' },
	{ slug: 'armoires-cables', fr: 'Armoires et câbles', en: 'Cabinets and cables' },
	{ slug: 'graffitis-affichage', fr: 'Graffitis et affichage sauvage', en: 'Graffiti and posters' },
	{ slug: 'batiments-monuments', fr: 'Bâtiments et monuments', en: 'Buildings and monuments' },
	{ slug: 'autre', fr: 'Autre', en: 'Other' }
];

/** Fills an empty category table with the default tree (at start-up, so every platform has one). */
export async function ensureCategoryTree(db: DbOrTx) {
	await db.transaction(async (tx) => {
		const [{ n }] = await tx.select({ n: count() }).from(streetReportCategories);
		if (n > 0) return;
		const insert = async (nodes: Node[], parentId: string | null) => {
			for (const [position, node] of nodes.entries()) {
				const [row] = await tx
					.insert(streetReportCategories)
					.values({ slug: node.slug, nameFr: node.fr, nameEn: node.en, parentId, position })
					.onConflictDoNothing()
					.returning({ id: streetReportCategories.id });
				if (row && node.children) await insert(node.children, row.id);
			}
		};
		await insert(defaultCategoryTree, null);
	});
}

export function listCategories(db: DbOrTx) {
	return db.select().from(streetReportCategories).orderBy(asc(streetReportCategories.position), asc(streetReportCategories.slug));
}

export async function categoryBySlug(db: DbOrTx, slug: string, field = 'category'): Promise<Category> {
	const [category] = await db.select().from(streetReportCategories).where(eq(streetReportCategories.slug, slug));
	if (!category) throw new ApiError('validation_failed', 'error.validation', { [field]: 'streetreports.validation.category' });
	return category;
}

/** The category and its parents, nearest first: a competence for "Roads" covers "Pothole". */
export function lineage(categories: Category[], categoryId: string): string[] {
	const byId = new Map(categories.map((c) => [c.id, c]));
	const ids: string[] = [];
	for (let c = byId.get(categoryId); c && !ids.includes(c.id); c = c.parentId ? byId.get(c.parentId) : undefined) ids.push(c.id);
	return ids;
}

export const categoryName = (category: Pick<Category, 'nameFr' | 'nameEn'>, locale: Locale) => (locale === 'en' ? category.nameEn : category.nameFr);

/** Parents before children, each level in its order: how the tree picker lists them. */
export function inTreeOrder(categories: Category[]): (Category & { depth: number })[] {
	const children = new Map<string | null, Category[]>();
	for (const c of categories) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
	const out: (Category & { depth: number })[] = [];
	const walk = (parentId: string | null, depth: number) => {
		for (const c of children.get(parentId) ?? []) {
			out.push({ ...c, depth });
			walk(c.id, depth + 1);
		}
	};
	walk(null, 0);
	return out;
}
