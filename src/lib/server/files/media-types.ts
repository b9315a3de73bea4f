/**
 * The type of an uploaded file, read from its bytes — never from its name or the browser's claim —
 * so a script or a page cannot be passed off as an image or a document.
 */
export const IMAGE_AND_PDF_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'] as const;
export const OFFICE_TYPES = [
	'application/vnd.oasis.opendocument.text',
	'application/vnd.oasis.opendocument.spreadsheet',
	'application/vnd.oasis.opendocument.presentation',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation'
] as const;

const extensions: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'application/pdf': 'pdf',
	'application/vnd.oasis.opendocument.text': 'odt',
	'application/vnd.oasis.opendocument.spreadsheet': 'ods',
	'application/vnd.oasis.opendocument.presentation': 'odp',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx'
};

const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', from, to);
const isZip = (b: Uint8Array) => ascii(b, 0, 4) === 'PK\u0003\u0004';

/** OpenDocument: a zip whose first entry, stored uncompressed, is `mimetype` holding the type. */
function openDocumentType(b: Uint8Array) {
	if (!isZip(b) || ascii(b, 30, 38) !== 'mimetype') return undefined;
	return OFFICE_TYPES.find((type) => type.includes('opendocument') && ascii(b, 38, 38 + type.length) === type);
}

/** Office Open XML: a zip listing `[Content_Types].xml` and the part of its kind (entry names are stored in clear). */
function officeOpenXmlType(b: Uint8Array) {
	if (!isZip(b)) return undefined;
	const names = ascii(b, 0, b.length);
	if (!names.includes('[Content_Types].xml')) return undefined;
	if (names.includes('word/document.xml')) return OFFICE_TYPES[3];
	if (names.includes('xl/workbook.xml')) return OFFICE_TYPES[4];
	if (names.includes('ppt/presentation.xml')) return OFFICE_TYPES[5];
	return undefined;
}

const signatures: { mediaType: string; test: (bytes: Uint8Array) => boolean }[] = [
	{ mediaType: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
	{ mediaType: 'image/png', test: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, i) => b[i] === byte) },
	{ mediaType: 'image/gif', test: (b) => ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a' },
	{ mediaType: 'image/webp', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
	{ mediaType: 'application/pdf', test: (b) => ascii(b, 0, 5) === '%PDF-' }
];

/** The file's type if its content is one of `accepted`; null otherwise. */
export function detectMediaType(bytes: Uint8Array, accepted: readonly string[]): string | null {
	const found = signatures.find((signature) => signature.test(bytes))?.mediaType ?? openDocumentType(bytes) ?? officeOpenXmlType(bytes);
	return found && accepted.includes(found) ? found : null;
}

/** A file name safe to show and to put in a Content-Disposition header. */
export function cleanFilename(name: string, mediaType: string) {
	const base = name.replace(/^.*[\\/]/, '').replace(/[\u0000-\u001f\u007f"\\]/g, '').trim().slice(0, 120);
	return base || `fichier.${extensions[mediaType]}`;
}
