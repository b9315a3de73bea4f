export const documentsEn = {
	'documents.notFound': 'Document not found.',
	'documents.versionNotFound': 'Version not found.',
	'documents.forbidden': 'You do not have the required rights on this document.',
	'documents.lastOwner': 'The document must keep at least one owner.'
} as const;
