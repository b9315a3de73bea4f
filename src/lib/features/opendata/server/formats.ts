import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import yazl from 'yazl';
import type { Db } from '#lib/server/db/client.js';
import type { DatasetRow, OpenDataset } from '../contract.js';
import type { Licence } from './licence.js';

/**
 * The export formats, all streamed: rows are pulled from the dataset's keyset pages only as fast
 * as the client reads, so memory stays flat whatever the number of rows.
 */

const BATCH = 500;
const encoder = new TextEncoder();

/** A pull-based byte stream over an async iterable of text chunks (backpressure included). */
export function textStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
	const iterator = chunks[Symbol.asyncIterator]();
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			try {
				const next = await iterator.next();
				if (next.done) controller.close();
				else controller.enqueue(encoder.encode(next.value));
			} catch (error) {
				controller.error(error);
			}
		},
		async cancel() {
			await iterator.return?.();
		}
	});
}

/** Groups rows into batches of text, so that one chunk carries hundreds of rows. */
async function* batched(rows: AsyncIterable<DatasetRow>, render: (batch: DatasetRow[], first: boolean) => string): AsyncGenerator<string> {
	let batch: DatasetRow[] = [];
	let first = true;
	for await (const row of rows) {
		batch.push(row);
		if (batch.length === BATCH) {
			yield render(batch, first);
			first = false;
			batch = [];
		}
	}
	if (batch.length) yield render(batch, first);
}

const csvValue = (value: DatasetRow[string]) => (value === null ? '' : typeof value === 'boolean' ? (value ? 'true' : 'false') : value);

/** CSV (RFC 4180, UTF-8, comma, header row with the column names in the dataset's order). */
export async function* csvChunks(dataset: OpenDataset, db: Db): AsyncGenerator<string> {
	const names = dataset.columns.map((c) => c.name);
	yield stringify([names]);
	yield* batched(dataset.rows(db), (batch) => stringify(batch.map((row) => names.map((name) => csvValue(row[name] ?? null)))));
}

/** JSON: one array of objects whose keys are the columns. */
export async function* jsonChunks(dataset: OpenDataset, db: Db): AsyncGenerator<string> {
	yield '[';
	yield* batched(dataset.rows(db), (batch, first) => (first ? '' : ',') + batch.map((row) => JSON.stringify(row)).join(','));
	yield ']\n';
}

/** One GeoJSON feature of a row, or null when the row has no location. */
export function featureOf(dataset: OpenDataset, row: DatasetRow): object | null {
	if (dataset.geometryColumn) {
		const text = row[dataset.geometryColumn];
		if (typeof text !== 'string') return null;
		const { [dataset.geometryColumn]: _geometry, ...properties } = row;
		return { type: 'Feature', geometry: JSON.parse(text), properties };
	}
	const { longitude, latitude, ...properties } = row;
	if (typeof longitude !== 'number' || typeof latitude !== 'number') return null;
	return { type: 'Feature', id: typeof row.id === 'string' ? row.id : undefined, geometry: { type: 'Point', coordinates: [longitude, latitude] }, properties };
}

/** GeoJSON (RFC 7946): a FeatureCollection in WGS 84, longitude first; rows without a location are left out. */
export async function* geojsonChunks(dataset: OpenDataset, db: Db): AsyncGenerator<string> {
	yield '{"type":"FeatureCollection","features":[';
	let first = true;
	for await (const text of batched(dataset.rows(db), (batch) =>
		batch
			.map((row) => featureOf(dataset, row))
			.filter((feature) => feature !== null)
			.map((feature) => JSON.stringify(feature))
			.join(',')
	)) {
		if (!text) continue;
		yield (first ? '' : ',') + text;
		first = false;
	}
	yield ']}\n';
}

/** The README of the zip: every dataset, every column, the licence and where to find more. */
export function readmeOf(sets: OpenDataset[], licence: Licence, siteUrl: string, generatedAt: Date): string {
	const lines = [
		'# Données ouvertes du portail',
		'',
		`Source : ${siteUrl}/donnees-ouvertes — extraction du ${generatedAt.toISOString()}.`,
		`Licence : ${licence.name.fr} (${licence.spdx}), voir le fichier LICENSE.`,
		'',
		'Fichiers CSV en UTF-8, séparateur virgule, une ligne d’en-tête avec le nom des colonnes.',
		'Dates au format ISO 8601 en UTC ; coordonnées en degrés décimaux WGS 84 ; valeur vide = sans objet.',
		'Aucune donnée personnelle : seuls les contenus publics, publiés et non masqués des espaces publics sont exportés.',
		''
	];
	for (const dataset of sets) {
		lines.push(`## ${dataset.slug}.csv — ${dataset.title.fr}`, '', dataset.description.fr, '', `Mise à jour : ${dataset.updateFrequency}.`, '');
		lines.push('| Colonne | Type | Description |', '| --- | --- | --- |');
		for (const column of dataset.columns) lines.push(`| ${column.name} | ${column.type} | ${column.description.fr.replace(/\|/g, '\\|')} |`);
		lines.push('');
	}
	return lines.join('\n');
}

/** A zip of every dataset as CSV, plus README.md and LICENSE, streamed entry after entry. */
export function zipStream(sets: OpenDataset[], db: Db, licence: Licence, siteUrl: string, now: Date): ReadableStream<Uint8Array> {
	const zip = new yazl.ZipFile();
	zip.addBuffer(Buffer.from(readmeOf(sets, licence, siteUrl, now), 'utf8'), 'README.md', { mtime: now });
	zip.addBuffer(Buffer.from(licence.text, 'utf8'), 'LICENSE', { mtime: now });
	for (const dataset of sets) zip.addReadStream(Readable.from(csvChunks(dataset, db)), `${dataset.slug}.csv`, { mtime: now });
	zip.end();
	return Readable.toWeb(zip.outputStream as Readable) as ReadableStream<Uint8Array>;
}
