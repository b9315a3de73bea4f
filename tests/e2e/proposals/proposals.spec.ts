import type { Browser } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { DEMO_PASSWORD, demoAccounts, newIdentity } from '../helpers/identity.js';
import { LoginPage } from '../pages/login-page.js';
import { ProposalFormPage, ProposalPage, SpacePage } from '../pages/proposal-pages.js';
import { SignupPage } from '../pages/signup-page.js';
import { checkAccessibility } from '../helpers/a11y.js';

/** A valid 1×1 PNG: the server checks the type from these bytes, not from the name. */
const TINY_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64'
);

/** Another person in their own browser, logged in with a demo account. */
async function loggedIn(browser: Browser, email: string, redirectTo: string) {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const login = new LoginPage(await context.newPage());
	await login.goto(`?redirectTo=${encodeURIComponent(redirectTo)}`);
	await login.logIn(email, DEMO_PASSWORD);
	return context;
}

test.describe('Proposals', () => {
	test('a citizen publishes a proposal with a place on the map and a photo; another person supports it and comments', async ({ browser, login, page }) => {
		test.slow();
		const title = `Un abri à vélos au marché ${Date.now().toString(36)}`;
		await login.goto('?redirectTo=%2Fspaces%2Fbudget-participatif-2027');
		await login.logIn(demoAccounts.citoyen, DEMO_PASSWORD);
		const space = new SpacePage(page);
		await space.ready('signed in');
		await space.newProposal.click();
		const form = new ProposalFormPage(page);
		await form.ready('new proposal');

		// A missing latitude is explained next to the field, and nothing is lost.
		await form.fill({ title, body: 'Un abri couvert pour une vingtaine de vélos, place du marché.', address: 'Place de la République, Auray', longitude: '-2.9905' });
		await form.clickAndLoad(form.publish);
		await form.ready('refused: point incomplete');
		await expect(form.alert).toContainText('Le formulaire contient des erreurs');
		await expect(form.latitude).toHaveAccessibleDescription('Indiquez la latitude et la longitude, ou aucune des deux.');
		await expect(form.title).toHaveValue(title);

		await form.latitude.fill('47.6672');
		await form.clickAndLoad(form.publish);
		const proposal = new ProposalPage(page);
		await proposal.ready('published');
		await expect(proposal.heading).toHaveText(title);
		await expect(proposal.location).toContainText('Place de la République, Auray');
		await expect(proposal.supports).toContainText('0 soutien(s)');
		const url = page.url();

		// A photo of the place: its type is checked from the content, then it shows on the page.
		await page.getByLabel('Ajouter une image ou un PDF').setInputFiles({ name: 'marche.png', mimeType: 'image/png', buffer: TINY_PNG });
		await proposal.clickAndLoad(page.getByRole('button', { name: 'Ajouter la pièce jointe' }));
		await proposal.ready('photo attached');
		await expect(page.locator('.attachments figure img')).toHaveCount(1);
		await expect(page.locator('.attachments figcaption')).toContainText('marche.png');

		// Someone new signs up and supports it.
		const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
		const signup = new SignupPage(await context.newPage());
		await signup.goto();
		await signup.register(newIdentity('soutien'));
		await expect(signup.page).toHaveURL(/\/profile\?welcome=1$/);
		const supporter = new ProposalPage(signup.page);
		await supporter.page.goto(url);
		await supporter.ready('supporter');
		await supporter.supportIt();
		await expect(supporter.supports).toContainText('1 soutien(s)');
		await expect(supporter.status).toContainText('Votre soutien est enregistré.');
		await checkAccessibility(supporter.page, 'after supporting');

		// …and comments on it.
		await supporter.page.getByLabel('Votre commentaire').fill('Très bonne idée : le marché manque de places pour les vélos.');
		await supporter.page.getByRole('button', { name: 'Publier le commentaire' }).click();
		await expect(supporter.page.locator('article.comment')).toContainText('Très bonne idée');
		await checkAccessibility(supporter.page, 'after commenting');
		await context.close();

		await page.reload();
		await proposal.ready('author sees the support');
		await expect(proposal.supports).toContainText('1 soutien(s)');
	});

	test('two elected officials co-author a draft', async ({ browser, login, page }) => {
		test.slow();
		const title = `Une cantine 100 % bio ${Date.now().toString(36)}`;
		await login.goto('?redirectTo=%2Fspaces%2Fbudget-participatif-2027%2Fproposals%2Fnew');
		await login.logIn(demoAccounts.elu, DEMO_PASSWORD);
		const form = new ProposalFormPage(page);
		await form.ready('new draft');
		await form.fill({ title, body: 'Servir des repas bio et locaux dans toutes les cantines scolaires.' });
		await form.clickAndLoad(form.saveDraft);
		const draft = new ProposalPage(page);
		await draft.ready('draft saved');
		await expect(draft.main).toContainText('Brouillon : seuls ses auteurs et co-auteurs le voient.');
		const url = new URL(page.url()).pathname;

		await draft.inviteEmail.fill(demoAccounts.orgadmin);
		await draft.clickAndLoad(draft.invite);
		await draft.ready('invited');
		await expect(draft.status).toContainText(`Invitation envoyée à ${demoAccounts.orgadmin}.`);
		await expect(draft.authors).toContainText('Dominique Martin — invitation en attente');

		// The colleague accepts the invitation and improves the text.
		const context = await loggedIn(browser, demoAccounts.orgadmin, url);
		const colleague = new ProposalPage(context.pages()[0]);
		await colleague.ready('invitation');
		await colleague.clickAndLoad(colleague.acceptInvitation);
		await colleague.ready('accepted');
		await expect(colleague.status).toContainText('Vous êtes maintenant co-auteur de cette proposition.');
		await colleague.edit.click();
		const edit = new ProposalFormPage(colleague.page);
		await edit.ready('edit');
		await edit.body.fill('Servir des repas bio, locaux et de saison dans toutes les cantines scolaires.');
		await edit.clickAndLoad(edit.save);
		await colleague.ready('saved');
		await expect(colleague.body).toContainText('locaux et de saison');
		await context.close();

		// Back to the first official: both are authors, the history shows the change, she publishes.
		await page.goto(url);
		await draft.ready('co-authored');
		await expect(draft.authors).toContainText('Maëlle Le Bihan');
		await expect(draft.authors).toContainText('Dominique Martin');
		await draft.versions.click();
		await expect(page).toHaveURL(/\/versions$/);
		const history = page.getByRole('main');
		await expect(history.locator('ins', { hasText: 'saison' })).toHaveCount(1);
		await checkAccessibility(page, 'versions');
		await page.goto(url);
		await draft.ready('before publishing');
		await draft.clickAndLoad(draft.publish);
		await draft.ready('published');
		await expect(draft.status).toContainText('Proposition publiée.');
		await expect(draft.main).not.toContainText('Brouillon : seuls ses auteurs');
	});
});
