/**
 * Importing Word documents (.docx) through the API: into a new document, and into an existing
 * one as a named version. The file is built in the test with the `docx` package, as Word would
 * save it.
 */
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedCommunity, type Person } from '../support/community.js';
import { apiAs, openSessions, type SignedIn } from '../support/people.js';
import { startServer, type TestServer } from '../support/server.js';

type Signed = Person & SignedIn;
let server: TestServer;
let admin: Signed;
let citizen: Signed;
let spaceSlug = '';

beforeAll(async () => {
	server = await startServer({
		prepare: async (db) => {
			const community = await seedCommunity(db, { citizens: 1 });
			spaceSlug = community.space.slug;
			[admin, citizen] = await openSessions(db, [community.people.orgAdmin, ...community.people.citizens]);
		}
	});
});
afterAll(() => server?.dispose());

async function wordFile(title: string, body: string) {
	const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
	const document = new Document({
		sections: [
			{
				children: [
					new Paragraph({ text: title, heading: HeadingLevel.HEADING_2 }),
					new Paragraph({ children: [new TextRun('Le conseil '), new TextRun({ text: 'approuve', bold: true }), new TextRun(` ${body}`)] }),
					new Paragraph({ text: 'la place du marché ;', bullet: { level: 0 } }),
					new Paragraph({ text: 'la rue de la gare.', bullet: { level: 0 } }),
					new Table({ rows: [new TableRow({ children: [cell('Phase'), cell('Dates')] }), new TableRow({ children: [cell('Vote'), cell('juin')] })] })
				]
			}
		]
	});
	return (await Packer.toBuffer(document)).toString('base64');
}

it('creates a document from a .docx file, keeping headings, bold, lists and tables', async () => {
	const created = await apiAs(server, admin, 'POST', `/api/v1/spaces/${spaceSlug}/documents`, {
		title: 'Délibération importée',
		format: 'docx',
		content: await wordFile('Exposé des motifs', 'le budget 2027.')
	});
	expect(created.status).toBe(201);
	const markdown = await apiAs(server, admin, 'GET', `/api/v1/documents/${created.body.id}/content?format=markdown`);
	expect(markdown.status).toBe(200);
	const text: string = markdown.body.content;
	expect(text).toContain('## Exposé des motifs');
	expect(text).toContain('Le conseil **approuve** le budget 2027.');
	expect(text).toMatch(/- la place du marché ;\n- la rue de la gare\./);
	expect(text).toContain('| Vote | juin |');
});

it('imports a .docx into an existing document as a named version; refuses what is not a Word file', async () => {
	const created = await apiAs(server, admin, 'POST', `/api/v1/spaces/${spaceSlug}/documents`, { title: 'Compte rendu', content: 'Brouillon.' });
	const id = created.body.id;
	const imported = await apiAs(server, admin, 'PUT', `/api/v1/documents/${id}/content`, {
		format: 'docx',
		content: await wordFile('Relevé de décisions', 'la version relue.'),
		version_name: 'Version relue en commission'
	});
	expect(imported.status).toBe(200);
	expect(imported.body.content).toContain('<strong>approuve</strong> la version relue.');
	expect(imported.body.content).not.toContain('Brouillon');
	const versions = await apiAs(server, admin, 'GET', `/api/v1/documents/${id}/versions`);
	expect(versions.body.items[0]).toMatchObject({ kind: 'named', name: 'Version relue en commission' });

	const notWord = await apiAs(server, admin, 'PUT', `/api/v1/documents/${id}/content`, { format: 'docx', content: Buffer.from('Bonjour').toString('base64') });
	expect(notWord.status).toBe(422);
	expect(notWord.body).toMatchObject({ error: { code: 'validation_failed', message: 'Ce fichier n’est pas un document Word (.docx) lisible.' } });
	const stranger = await apiAs(server, citizen, 'PUT', `/api/v1/documents/${id}/content`, { format: 'docx', content: await wordFile('Intrus', '.') });
	expect(stranger.status).toBe(404);
	const after = await apiAs(server, admin, 'GET', `/api/v1/documents/${id}/content?format=markdown`);
	expect(after.body.content).toContain('la version relue.');
});
