import type { open311Fr } from '../fr/open311.js';

export const open311En: Record<keyof typeof open311Fr, string> = {
	'open311.error.format': 'Unknown format: use .json or .xml.',
	'open311.error.route': 'No Open311 resource at this address.',
	'open311.error.jurisdiction': 'Unknown jurisdiction_id: “{jurisdiction}”.',
	'open311.error.apiKey': 'Missing or invalid api_key: use a personal API token (profile page).',
	'open311.error.serviceCodeMissing': 'service_code is required.',
	'open311.error.serviceCode': 'Unknown service_code: “{code}”.',
	'open311.error.location': 'lat and long, or address_string, are required: every report is placed on the map.',
	'open311.error.jurisdictionMismatch': 'This place and service are handled by “{organisation}”, not by jurisdiction “{jurisdiction}”.',
	'open311.error.token': 'Unknown token.',
	'open311.error.date': '{field}: an ISO 8601 date is expected.',
	'open311.error.dateRange': 'start_date must come before end_date.',
	'open311.error.status': 'status: open or closed.',
	'open311.error.tooManyIds': 'At most {max} service_request_id at once.',
	'open311.notice.created': 'Sent to: {organisation}. Tracking code: {code}.',
	'open311.notice.unrouted': 'No competent body found: the administrators have been told. Tracking code: {code}.',
	'open311.discovery.contact': 'Platform administrators: {url}',
	'open311.discovery.keyService': 'api_key: a personal API token (profile page, or POST /api/v1/tokens); reports are created in its holder’s name.'
};
