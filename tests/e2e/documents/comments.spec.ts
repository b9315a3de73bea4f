import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { DocumentPage, DocumentsPage } from '../pages/document-pages.js';

test.describe('Comments on a passage of a document', () => {
	test('a commenter comments on a selected passage, replies and resolves; the discussion stays after a reload', async ({ login, page }) => {
		const remark = `Préciser le montant par quartier (${Date.now().toString(36)}).`;
		await login.goto('?redirectTo=%2Fspaces%2Fbudget-participatif-2027%2Fdocuments');
		await login.logIn(demoAccounts.delegue, DEMO_PASSWORD);
		const list = new DocumentsPage(page);
		await list.ready('documents of the space');
		await list.main.getByRole('link', { name: 'Projet de délibération — Budget participatif 2027' }).click();
		const document = new DocumentPage(page);
		await document.ready('the deliberation, as a commenter');
		await document.waitSaved();

		// Nothing selected: the panel says what to do.
		const box = document.comments.getByLabel('Commenter le passage sélectionné');
		await box.fill(remark);
		await document.comments.getByRole('button', { name: 'Publier le commentaire' }).click();
		await expect(document.comments.getByRole('alert')).toHaveText('Sélectionnez d’abord un passage du document.');

		await document.select('investissement');
		await document.comments.getByRole('button', { name: 'Publier le commentaire' }).click();
		const thread = document.thread('investissement');
		await expect(thread.locator('blockquote')).toHaveText('investissement');
		await expect(thread).toContainText(remark);
		await expect(box).toHaveValue('');
		// The passage is highlighted in the text; clicking it brings the discussion forward.
		const highlight = document.editor.locator('.comment-highlight');
		await expect(highlight).toHaveText('investissement');
		await highlight.click();
		await expect(thread).toBeFocused();
		await checkAccessibility(page, 'a discussion on a passage');

		await thread.getByLabel(/^Votre réponse à /).fill('Et le calendrier des ateliers.');
		await thread.getByRole('button', { name: 'Envoyer la réponse' }).click();
		await expect(thread).toContainText('Et le calendrier des ateliers.');
		await thread.getByRole('button', { name: 'Marquer comme résolu' }).click();
		await expect(thread).toContainText('Résolu');
		await expect(thread.getByRole('button', { name: 'Rouvrir' })).toBeVisible();
		// Resolved: the passage is no longer highlighted.
		await expect(highlight).toHaveCount(0);
		await checkAccessibility(page, 'a resolved discussion');

		await page.reload();
		await document.ready('after a reload');
		await expect(document.thread('investissement')).toContainText(remark);
		await expect(document.thread('investissement')).toContainText('Résolu');
		await expect(document.editor).toContainText('investissement');
		await expect(highlight).toHaveCount(0);
		// Reopened: highlighted again.
		await document.thread('investissement').getByRole('button', { name: 'Rouvrir' }).click();
		await expect(highlight).toHaveText('investissement');
	});
});
