export const documentsFr = {
	'documents.notFound': 'Document introuvable.',
	'documents.versionNotFound': 'Version introuvable.',
	'documents.forbidden': 'Vous n’avez pas les droits nécessaires sur ce document.',
	'documents.lastOwner': 'Le document doit garder au moins un propriétaire.'
} as const;
