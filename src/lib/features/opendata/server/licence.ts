/** The licences the exports can carry (OPENDATA_LICENCE). */
export interface Licence {
	id: 'etalab-2.0' | 'odbl-1.0';
	spdx: string;
	name: { fr: string; en: string };
	url: string;
	/** The LICENSE file of the zip: what the licence allows and asks, with its reference. */
	text: string;
}

export const licences: Record<Licence['id'], Licence> = {
	'etalab-2.0': {
		id: 'etalab-2.0',
		spdx: 'etalab-2.0',
		name: { fr: 'Licence Ouverte / Open Licence version 2.0 (Etalab)', en: 'Open Licence version 2.0 (Etalab)' },
		url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
		text: [
			'LICENCE OUVERTE / OPEN LICENCE — version 2.0 (Etalab, avril 2017)',
			'Identifiant SPDX : etalab-2.0',
			'',
			'Ces données sont des « Informations » réutilisables au sens de la Licence Ouverte 2.0.',
			'Le « Concédant » vous concède un droit non exclusif et gratuit de libre « Réutilisation » de',
			'l’« Information » objet de la présente licence, à des fins commerciales ou non, dans le monde',
			'entier et pour une durée illimitée, dans les conditions exprimées ci-dessous. Vous êtes libre :',
			'  - de reproduire, copier, publier et transmettre l’« Information » ;',
			'  - de diffuser et redistribuer l’« Information » ;',
			'  - d’adapter, modifier, extraire et transformer l’« Information », notamment pour créer des',
			'    « Informations dérivées » ;',
			'  - d’exploiter l’« Information » à titre commercial, par exemple en la combinant avec d’autres',
			'    informations, ou en l’incluant dans votre propre produit ou application,',
			'sous réserve de mentionner la paternité de l’« Information » : sa source (au moins le nom du',
			'« Concédant ») et la date de dernière mise à jour de l’« Information » réutilisée.',
			'',
			'Texte complet : https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
			''
		].join('\n')
	},
	'odbl-1.0': {
		id: 'odbl-1.0',
		spdx: 'ODbL-1.0',
		name: { fr: 'Open Database License (ODbL) version 1.0', en: 'Open Database License (ODbL) version 1.0' },
		url: 'https://opendatacommons.org/licenses/odbl/1-0/',
		text: [
			'OPEN DATABASE LICENSE (ODbL) v1.0',
			'SPDX identifier: ODbL-1.0',
			'',
			'This database is made available under the Open Database License v1.0. You are free to share',
			'(copy, distribute and use), create (produce works from) and adapt (modify, transform and build',
			'upon) the database, as long as you:',
			'  - Attribute: attribute any public use of the database, or works produced from it, in the',
			'    manner specified in the ODbL;',
			'  - Share-Alike: offer any adapted version of this database, or works produced from an adapted',
			'    database, under the ODbL;',
			'  - Keep open: if you redistribute the database, or an adapted version of it, you may use',
			'    technological measures that restrict the work as long as you also redistribute a version',
			'    without such measures.',
			'',
			'Full text: https://opendatacommons.org/licenses/odbl/1-0/',
			''
		].join('\n')
	}
};
