import { currentLocale } from '#lib/i18n/t.svelte.js';

/**
 * The map components' own French and English texts. They live next to the components so the
 * components can be copied into any feature without touching the shared catalogues; every text
 * can also be overridden through the components' `labels` prop.
 */
export const mapMessages = {
	fr: {
		legend: 'Emplacement',
		mapLabel: 'Carte : cliquez ou touchez pour placer le point. Flèches pour déplacer la carte, + et − pour zoomer.',
		latitude: 'Latitude',
		longitude: 'Longitude',
		coordinatesHint: 'En degrés décimaux (WGS 84), par exemple 47.6797 et -2.9955.',
		useMyLocation: 'Utiliser ma position',
		locating: 'Recherche de votre position…',
		placeAtCenter: 'Placer le point au centre de la carte',
		clear: 'Retirer le point',
		noPoint: 'Aucun point placé.',
		pointSet: 'Point placé : latitude {latitude}, longitude {longitude}.',
		geolocationUnavailable: 'La géolocalisation n’est pas disponible sur cet appareil.',
		geolocationDenied: 'Votre position n’a pas pu être obtenue : {reason}',
		invalidLatitude: 'La latitude doit être un nombre entre -90 et 90.',
		invalidLongitude: 'La longitude doit être un nombre entre -180 et 180.',
		bothRequired: 'Indiquez la latitude et la longitude, ou aucune des deux.',
		mapLoading: 'Chargement de la carte…'
	},
	en: {
		legend: 'Location',
		mapLabel: 'Map: click or tap to place the point. Arrow keys move the map, + and − zoom.',
		latitude: 'Latitude',
		longitude: 'Longitude',
		coordinatesHint: 'In decimal degrees (WGS 84), for example 47.6797 and -2.9955.',
		useMyLocation: 'Use my location',
		locating: 'Finding your location…',
		placeAtCenter: 'Place the point at the centre of the map',
		clear: 'Remove the point',
		noPoint: 'No point placed.',
		pointSet: 'Point placed: latitude {latitude}, longitude {longitude}.',
		geolocationUnavailable: 'Geolocation is not available on this device.',
		geolocationDenied: 'Your location could not be obtained: {reason}',
		invalidLatitude: 'Latitude must be a number between -90 and 90.',
		invalidLongitude: 'Longitude must be a number between -180 and 180.',
		bothRequired: 'Give both latitude and longitude, or neither.',
		mapLoading: 'Loading the map…'
	}
} as const;

export type MapMessageKey = keyof (typeof mapMessages)['fr'];
export type MapLabels = Partial<Record<MapMessageKey, string>>;

/** A map text in the page's locale, an override from `labels` winning; `{name}` placeholders filled. */
export function mapText(key: MapMessageKey, labels: MapLabels = {}, params: Record<string, string | number> = {}): string {
	const locale = currentLocale();
	const template = labels[key] ?? mapMessages[locale === 'en' ? 'en' : 'fr'][key];
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
