import type { Locale } from '#lib/i18n/index.js';
import type { Db } from '#lib/server/db/client.js';
import { mapLayers } from './registry.js';

export interface LayerDescription {
	id: string;
	title: string;
	filters: { name: string; label: string; kind: 'select' | 'date' | 'text'; options: { value: string; label: string }[] }[];
}

/** The layers and their filters, in one language, with options read from the database. */
export async function layerDescriptions(db: Db, locale: Locale): Promise<LayerDescription[]> {
	return Promise.all(
		mapLayers.map(async (layer) => ({
			id: layer.id,
			title: layer.title[locale],
			filters: await Promise.all(
				layer.filters.map(async (filter) => {
					const options = filter.optionsFrom ? await filter.optionsFrom(db) : (filter.options ?? []);
					return {
						name: filter.name,
						label: filter.label[locale],
						kind: filter.kind ?? (options.length ? ('select' as const) : ('text' as const)),
						options: options.map((option) => ({ value: option.value, label: option.label[locale] }))
					};
				})
			)
		}))
	);
}
