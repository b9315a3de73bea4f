import type { Browser } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { DocumentPage, DocumentsPage, MembersPage } from '../pages/document-pages.js';
import { LoginPage } from '../pages/login-page.js';

/** Another person in their own browser, logged in with a demo account. */
async function loggedIn(browser: Browser, email: string, redirectTo: string) {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const login = new LoginPage(await context.newPage());
	await login.goto(`?redirectTo=${encodeURIComponent(redirectTo)}`);
	await login.logIn(email, DEMO_PASSWORD);
	return { context, page: login.page };
}

test.describe('Co-edited documents', () => {
	test('two people type in the same paragraph and each sees the other within a second; offline edits arrive on reconnection', async ({ browser, login, page }) => {
		test.slow();
		const title = `Compte rendu ${Date.now().toString(36)}`;

		// The elected official creates a document and invites the agent as an editor.
		await login.goto('?redirectTo=%2Fspaces%2Fbudget-participatif-2027%2Fdocuments');
		await login.logIn(demoAccounts.elu, DEMO_PASSWORD);
		const list = new DocumentsPage(page);
		await list.ready('documents of the space');
		await list.title.fill(title);
		await list.content.fill('Ordre du jour :');
		await list.clickAndLoad(list.create);
		const mine = new DocumentPage(page);
		await mine.ready('new document');
		await expect(mine.heading).toHaveText(title);
		await mine.waitSaved();
		const documentUrl = new URL(page.url()).pathname;
		await mine.membersLink.click();
		const members = new MembersPage(page);
		await members.ready('members');
		await members.give(demoAccounts.agent, 'Rédaction');
		await members.ready('member added');
		await expect(members.main.getByRole('status')).toHaveText('Rôle mis à jour.');
		await page.goto(documentUrl);
		await mine.ready('back to the document');
		await mine.waitSaved();

		// The agent opens it in another browser: both are present, each sees the other's words.
		const agent = await loggedIn(browser, demoAccounts.agent, documentUrl);
		const theirs = new DocumentPage(agent.page);
		await theirs.ready('the agent’s view');
		await theirs.waitSaved();
		await expect(mine.presence).toContainText('Sacha Le Goff');
		await expect(theirs.presence).toContainText('Maëlle Le Bihan');

		await mine.typeAtEndOfFirstParagraph(' budget');
		await expect.poll(() => theirs.firstParagraphText(), { timeout: 1000 }).toBe('Ordre du jour : budget');
		await theirs.typeAtEndOfFirstParagraph(' et voirie');
		await expect.poll(() => mine.firstParagraphText(), { timeout: 1000 }).toBe('Ordre du jour : budget et voirie');
		await mine.waitSaved();
		await theirs.waitSaved();
		// The other person's caret is shown with their name.
		await expect(mine.editor.locator('.collaboration-carets__label')).toHaveText('Sacha Le Goff');

		// Offline: the indicator says so, the edit is kept, and it reaches the other on reconnection.
		await agent.context.setOffline(true);
		await expect(theirs.syncStatus).toContainText('Hors ligne');
		await theirs.typeAtEndOfFirstParagraph(' (hors ligne)');
		await agent.context.setOffline(false);
		await expect.poll(() => mine.firstParagraphText(), { timeout: 10_000 }).toBe('Ordre du jour : budget et voirie (hors ligne)');
		await theirs.waitSaved();

		// What they wrote is stored: a fresh load shows it from the server's rendering.
		await page.reload();
		await mine.ready('reloaded');
		await expect.poll(() => mine.firstParagraphText(), { timeout: 5000 }).toBe('Ordre du jour : budget et voirie (hors ligne)');
		await agent.context.close();
	});

	test('a reader sees the document live but cannot type', async ({ login, page }) => {
		await login.goto('?redirectTo=%2Fspaces%2Fbudget-participatif-2027%2Fdocuments');
		await login.logIn(demoAccounts.citoyen, DEMO_PASSWORD);
		const list = new DocumentsPage(page);
		await list.ready('documents, as a citizen');
		await expect(list.create).toHaveCount(0);
		await list.main.getByRole('link', { name: 'Projet de délibération — Budget participatif 2027' }).click();
		const document = new DocumentPage(page);
		await document.ready('read-only document');
		await expect(document.main.getByText('Lecture seule')).toBeVisible();
		await document.waitSaved();
		await expect(document.editor).toHaveAttribute('contenteditable', 'false');
		await expect(document.editor.getByRole('heading', { level: 2 }).first()).toHaveText('Exposé des motifs');
	});
});
