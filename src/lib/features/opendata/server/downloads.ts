import type { Db } from '#lib/server/db/client.js';
import type { OpenDataset } from '../contract.js';
import { catalogueJsonLd, catalogueTurtle, distributionsOf } from './catalogue.js';
import { csvChunks, geojsonChunks, jsonChunks, textStream, zipStream } from './formats.js';
import { licences, type Licence } from './licence.js';
import { datasets, findDataset } from './registry.js';

/** The file names under `/opendata/`. */
export const ZIP_FILE = 'donnees-csv.zip';
export const CATALOGUE_JSONLD = 'catalogue.jsonld';
export const CATALOGUE_TURTLE = 'catalogue.ttl';

export interface ExportContext {
	db: Db;
	siteUrl: string;
	licenceId: Licence['id'];
	now: Date;
	publisher?: string;
}

const headersFor = (type: string, filename: string, licence: Licence) => ({
	'content-type': type,
	'content-disposition': `inline; filename="${filename}"`,
	'cache-control': 'public, max-age=300',
	link: `<${licence.url}>; rel="license"`
});

/** The response for `/opendata/<file>`, or null when there is no such file. */
export async function exportResponse(file: string, context: ExportContext): Promise<Response | null> {
	const licence = licences[context.licenceId];
	const publisher = context.publisher ?? 'Parvis';
	if (file === ZIP_FILE)
		return new Response(zipStream(datasets, context.db, licence, context.siteUrl, context.now), {
			headers: { ...headersFor('application/zip', file, licence), 'content-disposition': `attachment; filename="${file}"` }
		});
	if (file === CATALOGUE_JSONLD)
		return new Response(JSON.stringify(await catalogueJsonLd({ sets: datasets, db: context.db, siteUrl: context.siteUrl, licence, publisher })), {
			headers: headersFor('application/ld+json; charset=utf-8', file, licence)
		});
	if (file === CATALOGUE_TURTLE)
		return new Response(await catalogueTurtle({ sets: datasets, db: context.db, siteUrl: context.siteUrl, licence, publisher }), {
			headers: headersFor('text/turtle; charset=utf-8', file, licence)
		});
	const match = /^([a-z0-9-]+)\.(csv|json|geojson)$/.exec(file);
	const dataset = match ? findDataset(match[1]) : undefined;
	if (!match || !dataset) return null;
	const format = match[2] as 'csv' | 'json' | 'geojson';
	if (format === 'geojson' && !dataset.geo) return null;
	const chunks = format === 'csv' ? csvChunks(dataset, context.db) : format === 'json' ? jsonChunks(dataset, context.db) : geojsonChunks(dataset, context.db);
	const type = format === 'csv' ? 'text/csv; charset=utf-8; header=present' : format === 'json' ? 'application/json; charset=utf-8' : 'application/geo+json; charset=utf-8';
	return new Response(textStream(chunks), { headers: headersFor(type, file, licence) });
}

export interface DatasetSummary {
	slug: string;
	title: { fr: string; en: string };
	description: { fr: string; en: string };
	update_frequency: OpenDataset['updateFrequency'];
	last_modified: string | null;
	licence: { id: string; name: string; url: string };
	columns: { name: string; type: string; description: { fr: string; en: string } }[];
	downloads: { format: string; media_type: string; url: string }[];
}

/** Every dataset with its facts and download links (the page and `GET /api/v1/datasets`). */
export async function datasetSummaries(db: Db, siteUrl: string, licenceId: Licence['id']): Promise<DatasetSummary[]> {
	const licence = licences[licenceId];
	return Promise.all(
		datasets.map(async (dataset) => ({
			slug: dataset.slug,
			title: dataset.title,
			description: dataset.description,
			update_frequency: dataset.updateFrequency,
			last_modified: (await dataset.lastModified(db))?.toISOString() ?? null,
			licence: { id: licence.spdx, name: licence.name.fr, url: licence.url },
			columns: dataset.columns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
			downloads: distributionsOf(dataset).map((d) => ({ format: d.format, media_type: d.mediaType, url: `${siteUrl}/opendata/${dataset.slug}.${d.format}` }))
		}))
	);
}
