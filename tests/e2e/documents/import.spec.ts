import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { expect, test } from '../fixtures.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { DocumentPage, DocumentsPage } from '../pages/document-pages.js';

test.describe('Importing a Word document', () => {
	test('an elected official creates a document from a .docx file and edits it live', async ({ login, page }) => {
		const title = `Délibération importée ${Date.now().toString(36)}`;
		const word = new Document({
			sections: [
				{
					children: [
						new Paragraph({ text: 'Exposé des motifs', heading: HeadingLevel.HEADING_2 }),
						new Paragraph({ children: [new TextRun('Le conseil '), new TextRun({ text: 'approuve', bold: true }), new TextRun(' le règlement.')] })
					]
				}
			]
		});
		await login.goto('?redirectTo=%2Fspaces%2Fbudget-participatif-2027%2Fdocuments');
		await login.logIn(demoAccounts.elu, DEMO_PASSWORD);
		const list = new DocumentsPage(page);
		await list.ready('documents of the space');
		await list.title.fill(title);
		await list.main.getByLabel('Ou importer un fichier Word (.docx, facultatif)').setInputFiles({
			name: 'deliberation.docx',
			mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			buffer: await Packer.toBuffer(word)
		});
		await list.clickAndLoad(list.create);
		const document = new DocumentPage(page);
		await document.ready('the imported document');
		await document.waitSaved();
		await expect(document.heading).toHaveText(title);
		await expect(document.editor.getByRole('heading', { level: 2 })).toHaveText('Exposé des motifs');
		await expect(document.editor.locator('strong')).toHaveText('approuve');
		await document.typeAtEndOfFirstParagraph(' Adopté.');
		await document.waitSaved();
		await expect(document.editor.locator('p').first()).toHaveText('Le conseil approuve le règlement. Adopté.');
	});
});
