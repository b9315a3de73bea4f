import type { Db } from '#lib/server/db/client.js';
import type { OpenDataset } from '../contract.js';
import type { Licence } from './licence.js';

/**
 * The DCAT-AP catalogue (JSON-LD and Turtle): the datasets and their distributions, so national
 * portals (data.gouv.fr harvests DCAT) can list them. Built from the registry only.
 */

const FREQUENCY = 'http://publications.europa.eu/resource/authority/frequency/';
const FREQUENCIES: Record<OpenDataset['updateFrequency'], string> = {
	continuous: 'CONT',
	daily: 'DAILY',
	weekly: 'WEEKLY',
	monthly: 'MONTHLY',
	irregular: 'IRREG'
};
const FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type/';

export interface Distribution {
	format: 'csv' | 'json' | 'geojson';
	mediaType: string;
	fileType: string;
	title: string;
}

export function distributionsOf(dataset: OpenDataset): Distribution[] {
	const list: Distribution[] = [
		{ format: 'csv', mediaType: 'text/csv', fileType: 'CSV', title: 'CSV' },
		{ format: 'json', mediaType: 'application/json', fileType: 'JSON', title: 'JSON' }
	];
	if (dataset.geo) list.push({ format: 'geojson', mediaType: 'application/geo+json', fileType: 'GEOJSON', title: 'GeoJSON' });
	return list;
}

export const CONTEXT = {
	dcat: 'http://www.w3.org/ns/dcat#',
	dct: 'http://purl.org/dc/terms/',
	foaf: 'http://xmlns.com/foaf/0.1/',
	xsd: 'http://www.w3.org/2001/XMLSchema#',
	vcard: 'http://www.w3.org/2006/vcard/ns#'
};

interface CatalogueInput {
	sets: OpenDataset[];
	db: Db;
	siteUrl: string;
	licence: Licence;
	publisher: string;
}

async function describe({ sets, db, siteUrl }: CatalogueInput) {
	return Promise.all(sets.map(async (dataset) => ({ dataset, modified: await dataset.lastModified(db), distributions: distributionsOf(dataset) })));
}

export async function catalogueJsonLd(input: CatalogueInput): Promise<object> {
	const { siteUrl, licence, publisher } = input;
	const described = await describe(input);
	const licenceRef = { '@id': licence.url };
	const modified = described.map((d) => d.modified?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
	return {
		'@context': CONTEXT,
		'@id': `${siteUrl}/opendata/catalogue.jsonld`,
		'@type': 'dcat:Catalog',
		'dct:title': [
			{ '@value': 'Données ouvertes du portail', '@language': 'fr' },
			{ '@value': 'Open data of the portal', '@language': 'en' }
		],
		'dct:description': { '@value': 'Jeux de données publiés par le portail citoyen.', '@language': 'fr' },
		'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': publisher, 'foaf:homepage': { '@id': siteUrl } },
		'dct:license': licenceRef,
		'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/FRA' },
		'foaf:homepage': { '@id': `${siteUrl}/donnees-ouvertes` },
		...(modified ? { 'dct:modified': { '@value': new Date(modified).toISOString(), '@type': 'xsd:dateTime' } } : {}),
		'dcat:dataset': described.map(({ dataset, modified, distributions }) => ({
			'@id': `${siteUrl}/donnees-ouvertes#${dataset.slug}`,
			'@type': 'dcat:Dataset',
			'dct:identifier': dataset.slug,
			'dct:title': [
				{ '@value': dataset.title.fr, '@language': 'fr' },
				{ '@value': dataset.title.en, '@language': 'en' }
			],
			'dct:description': [
				{ '@value': dataset.description.fr, '@language': 'fr' },
				{ '@value': dataset.description.en, '@language': 'en' }
			],
			'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': publisher },
			'dct:accrualPeriodicity': { '@id': FREQUENCY + FREQUENCIES[dataset.updateFrequency] },
			'dct:license': licenceRef,
			'dcat:keyword': (dataset.keywords ?? []).map((keyword) => ({ '@value': keyword, '@language': 'fr' })),
			'dcat:landingPage': { '@id': `${siteUrl}/donnees-ouvertes#${dataset.slug}` },
			...(modified ? { 'dct:modified': { '@value': modified.toISOString(), '@type': 'xsd:dateTime' } } : {}),
			'dcat:distribution': distributions.map((distribution) => ({
				'@id': `${siteUrl}/opendata/${dataset.slug}.${distribution.format}`,
				'@type': 'dcat:Distribution',
				'dct:title': distribution.title,
				'dcat:accessURL': { '@id': `${siteUrl}/opendata/${dataset.slug}.${distribution.format}` },
				'dcat:downloadURL': { '@id': `${siteUrl}/opendata/${dataset.slug}.${distribution.format}` },
				'dcat:mediaType': { '@id': `http://www.iana.org/assignments/media-types/${distribution.mediaType}` },
				'dct:format': { '@id': FILE_TYPE + distribution.fileType },
				'dct:license': licenceRef
			}))
		}))
	};
}

const literal = (value: string, language?: string) =>
	`"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"${language ? `@${language}` : ''}`;
const iri = (value: string) => `<${value.replace(/[<>"{}|^`\\\s]/g, encodeURIComponent)}>`;

/** The same catalogue in Turtle. */
export async function catalogueTurtle(input: CatalogueInput): Promise<string> {
	const { siteUrl, licence, publisher } = input;
	const described = await describe(input);
	const out = [
		'@prefix dcat: <http://www.w3.org/ns/dcat#> .',
		'@prefix dct: <http://purl.org/dc/terms/> .',
		'@prefix foaf: <http://xmlns.com/foaf/0.1/> .',
		'@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .',
		'',
		`${iri(`${siteUrl}/opendata/catalogue.ttl`)} a dcat:Catalog ;`,
		`  dct:title ${literal('Données ouvertes du portail', 'fr')}, ${literal('Open data of the portal', 'en')} ;`,
		`  dct:publisher [ a foaf:Agent ; foaf:name ${literal(publisher)} ] ;`,
		`  dct:license ${iri(licence.url)} ;`,
		`  foaf:homepage ${iri(`${siteUrl}/donnees-ouvertes`)}${described.length ? ' ;' : ' .'}`
	];
	if (described.length) out.push(`  dcat:dataset ${described.map((d) => iri(`${siteUrl}/donnees-ouvertes#${d.dataset.slug}`)).join(', ')} .`);
	for (const { dataset, modified, distributions } of described) {
		const id = iri(`${siteUrl}/donnees-ouvertes#${dataset.slug}`);
		out.push(
			'',
			`${id} a dcat:Dataset ;`,
			`  dct:identifier ${literal(dataset.slug)} ;`,
			`  dct:title ${literal(dataset.title.fr, 'fr')}, ${literal(dataset.title.en, 'en')} ;`,
			`  dct:description ${literal(dataset.description.fr, 'fr')}, ${literal(dataset.description.en, 'en')} ;`,
			`  dct:accrualPeriodicity ${iri(FREQUENCY + FREQUENCIES[dataset.updateFrequency])} ;`,
			`  dct:license ${iri(licence.url)} ;`,
			...(dataset.keywords?.length ? [`  dcat:keyword ${dataset.keywords.map((k) => literal(k, 'fr')).join(', ')} ;`] : []),
			...(modified ? [`  dct:modified ${literal(modified.toISOString())}^^xsd:dateTime ;`] : []),
			`  dcat:distribution ${distributions.map((d) => iri(`${siteUrl}/opendata/${dataset.slug}.${d.format}`)).join(', ')} .`
		);
		for (const distribution of distributions) {
			const url = iri(`${siteUrl}/opendata/${dataset.slug}.${distribution.format}`);
			out.push(
				'',
				`${url} a dcat:Distribution ;`,
				`  dct:title ${literal(distribution.title)} ;`,
				`  dcat:accessURL ${url} ;`,
				`  dcat:downloadURL ${url} ;`,
				`  dcat:mediaType ${iri(`http://www.iana.org/assignments/media-types/${distribution.mediaType}`)} ;`,
				`  dct:format ${iri(FILE_TYPE + distribution.fileType)} ;`,
				`  dct:license ${iri(licence.url)} .`
			);
		}
	}
	return out.join('\n') + '\n';
}
