/** Parvis's Open311 GeoReport v2 server: error descriptions and notices (French, the reference). */
export const open311Fr = {
	'open311.error.format': 'Format inconnu : utilisez .json ou .xml.',
	'open311.error.route': 'Aucune ressource Open311 à cette adresse.',
	'open311.error.jurisdiction': 'jurisdiction_id inconnu : « {jurisdiction} ».',
	'open311.error.apiKey': 'api_key absente ou invalide : utilisez un jeton d’API personnel (page de profil).',
	'open311.error.serviceCodeMissing': 'service_code obligatoire.',
	'open311.error.serviceCode': 'service_code inconnu : « {code} ».',
	'open311.error.location': 'lat et long, ou address_string, sont obligatoires : chaque signalement est placé sur la carte.',
	'open311.error.jurisdictionMismatch': 'Ce lieu et ce service relèvent de « {organisation} », pas de la juridiction « {jurisdiction} ».',
	'open311.error.token': 'Jeton inconnu.',
	'open311.error.date': '{field} : date ISO 8601 attendue.',
	'open311.error.dateRange': 'start_date doit précéder end_date.',
	'open311.error.status': 'status : open ou closed.',
	'open311.error.tooManyIds': 'Au plus {max} service_request_id à la fois.',
	'open311.notice.created': 'Transmis à : {organisation}. Code de suivi : {code}.',
	'open311.notice.unrouted': 'Aucun organisme compétent trouvé : les administrateurs sont prévenus. Code de suivi : {code}.',
	'open311.discovery.contact': 'Administrateurs de la plateforme : {url}',
	'open311.discovery.keyService': 'api_key : un jeton d’API personnel (page de profil, ou POST /api/v1/tokens) ; les signalements sont créés au nom de son titulaire.'
};
