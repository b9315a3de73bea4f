import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { BudgetPage, NewBudgetPage, euros } from '../pages/budget-pages.js';
import { LoginPage } from '../pages/login-page.js';
import { MapPage } from '../pages/map-page.js';

/** A demo proposal of the budget's space (src/lib/features/proposals/server/seed.ts). */
const BIKES = 'Des abris vélos sécurisés à la gare d’Auray';

test.describe('Participatory budget, organiser', () => {
	test('an organiser edits and deletes projects until the first vote; then the list is locked', async ({ page }) => {
		test.slow();
		const login = new LoginPage(page);
		await login.goto('?redirectTo=/spaces/budget-participatif-2027/budgets/new');
		await login.logIn(demoAccounts.orgadmin, DEMO_PASSWORD);
		const form = new NewBudgetPage(page);
		await form.ready('new budget form');
		await form.main.getByLabel('Titre', { exact: true }).fill('Budget jeunesse 2027');
		await form.main.getByLabel('Budget total (en euros)').fill('20000');
		await form.main.getByLabel('Part minimale (en %)').fill('40');
		await form.main.getByLabel(/^Ouverture/).fill('2026-01-01T10:00');
		await form.main.getByLabel(/^Clôture/).fill('2031-01-01T10:00');
		await form.clickAndLoad(form.main.getByRole('button', { name: 'Créer le budget' }));
		const budget = new BudgetPage(page);
		await budget.ready('the new budget');

		// Settings: a closing date before the opening is refused on that field; a valid edit is saved.
		await budget.settingsPanel.locator('summary').click();
		const closing = budget.settingsPanel.getByLabel(/^Clôture/);
		await closing.fill('2025-12-31T10:00');
		await budget.clickAndLoad(budget.saveSettingsButton);
		await expect(budget.alert).toBeVisible();
		await expect(budget.settingsPanel.getByLabel(/^Clôture/)).toHaveAttribute('aria-invalid', 'true');
		await expect(budget.settingsPanel.getByText('La clôture doit suivre l’ouverture.')).toBeVisible();
		await checkAccessibility(page, 'refused settings');
		await budget.settingsPanel.getByLabel(/^Clôture/).fill('2031-01-01T10:00');
		await budget.settingsPanel.getByLabel('Titre', { exact: true }).fill('Budget jeunesse 2027-2028');
		await budget.settingsPanel.getByLabel('Budget total (en euros)').fill('22000');
		await budget.clickAndLoad(budget.saveSettingsButton);
		await expect(budget.status).toHaveText('Paramètres enregistrés.');
		await expect(budget.main.getByRole('heading', { level: 1, name: 'Budget jeunesse 2027-2028' })).toBeVisible();
		await expect(budget.main.getByText(`Budget total : ${euros(22_000)}`)).toBeVisible();
		await checkAccessibility(page, 'settings saved');

		for (const [title, cost] of [['Skatepark mobile', '8000'], ['Studio de musique', '12000']]) {
			await budget.addProjectForm.getByLabel('Titre du projet').fill(title);
			await budget.addProjectForm.getByLabel('Coût (en euros)').fill(cost);
			await budget.clickAndLoad(budget.addProjectForm.getByRole('button', { name: 'Ajouter un projet' }));
			await expect(budget.status).toHaveText('Projet ajouté.');
			await checkAccessibility(page, `project ${title} added`);
		}

		// A project placed on the map, with an address, from a proposal of the space; half a point is refused.
		const proposalOption = budget.addProjectForm.getByLabel('Proposition d’origine (facultatif)').locator('option', { hasText: BIKES });
		await budget.addProjectForm.getByLabel('Titre du projet').fill('Parc à vélos du lycée');
		await budget.addProjectForm.getByLabel('Coût (en euros)').fill('5000');
		await budget.addProjectForm.getByLabel('Proposition d’origine (facultatif)').selectOption((await proposalOption.getAttribute('value'))!);
		await budget.addProjectForm.getByLabel('Latitude').fill('47.6655');
		await budget.clickAndLoad(budget.addProjectForm.getByRole('button', { name: 'Ajouter un projet' }));
		await expect(budget.alert).toBeVisible();
		await expect(budget.addProjectForm.getByLabel('Latitude')).toHaveAttribute('aria-invalid', 'true');
		await checkAccessibility(page, 'half a point refused');
		await budget.addProjectForm.getByLabel('Longitude').fill('-2.9900');
		await budget.addProjectForm.getByLabel('Adresse ou lieu (facultatif)').fill('Rue du Lycée, Auray');
		await budget.clickAndLoad(budget.addProjectForm.getByRole('button', { name: 'Ajouter un projet' }));
		await expect(budget.status).toHaveText('Projet ajouté.');
		const parc = budget.projectCard(/Parc à vélos du lycée$/);
		await expect(parc.getByText('Lieu : Rue du Lycée, Auray')).toBeVisible();
		await expect(parc.getByRole('link', { name: new RegExp(`^Issu de la proposition n° \\d+ : ${BIKES}$`) })).toBeVisible();
		await expect(parc.getByRole('link', { name: 'Voir sur la carte : Parc à vélos du lycée' })).toHaveAttribute('href', /lat=47\.66550&lon=-2\.99000&z=17&couches=budgets$/);
		await checkAccessibility(page, 'project placed');

		// A refused edit keeps its panel open, with the field marked; a valid one is saved.
		const skatepark = budget.editPanel('Skatepark mobile');
		await skatepark.locator('summary').click();
		await skatepark.getByLabel('Coût (en euros)').fill('0');
		await budget.clickAndLoad(skatepark.getByRole('button', { name: 'Enregistrer le projet : Skatepark mobile' }));
		await expect(budget.alert).toBeVisible();
		await expect(skatepark.getByLabel('Coût (en euros)')).toHaveAttribute('aria-invalid', 'true');
		await checkAccessibility(page, 'refused project edit');
		await skatepark.getByLabel('Titre du projet').fill('Skatepark mobile et rampes');
		await skatepark.getByLabel('Coût (en euros)').fill('9000');
		await budget.clickAndLoad(skatepark.getByRole('button', { name: /^Enregistrer le projet/ }));
		await expect(budget.status).toHaveText('Projet modifié.');
		const renamed = budget.main.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: /^1\. Skatepark mobile et rampes$/ }) });
		await expect(renamed.getByText(`Coût : ${euros(9_000)}`)).toBeVisible();
		await checkAccessibility(page, 'project edited');

		const studio = budget.editPanel('Studio de musique');
		await studio.locator('summary').click();
		await budget.clickAndLoad(studio.getByRole('button', { name: 'Supprimer le projet : Studio de musique' }));
		await expect(budget.status).toHaveText('Projet supprimé.');
		await expect(budget.projectHeading(/Studio de musique/)).toHaveCount(0);
		await checkAccessibility(page, 'project deleted');

		// The first vote locks the list: no more edit panels nor new projects.
		await budget.add('Skatepark mobile et rampes', euros(13_000));
		await budget.checkoutButton.click();
		await expect(budget.main.getByText('Votre vote est enregistré. Merci !')).toBeVisible();
		await page.reload();
		await expect(budget.main.getByText('Des votes ont été enregistrés : les projets ne peuvent plus être modifiés ni supprimés.')).toBeVisible();
		await expect(budget.editPanels).toHaveCount(0);
		await expect(budget.addProjectForm).toHaveCount(0);
		await checkAccessibility(page, 'projects locked after the first vote');

		// Once votes exist, only the closing date may move: the other settings are disabled, with the reason.
		await budget.settingsPanel.locator('summary').click();
		await expect(budget.settingsPanel.getByText(/^Des votes ont déjà été enregistrés : les règles sont figées/)).toBeVisible();
		await expect(budget.settingsPanel.getByLabel('Titre', { exact: true })).toBeDisabled();
		await expect(budget.settingsPanel.getByLabel('Budget total (en euros)')).toBeDisabled();
		await expect(budget.settingsPanel.getByRole('radio', { name: 'Part minimale du budget à dépenser' })).toBeDisabled();
		await budget.settingsPanel.getByLabel(/^Clôture/).fill('2032-06-30T18:00');
		await budget.clickAndLoad(budget.saveSettingsButton);
		// Two notices now: the organiser's own vote, and the saved settings.
		await expect(budget.main.getByRole('status').filter({ hasText: 'Paramètres enregistrés.' })).toBeVisible();
		await expect(budget.main.getByText(/au 30 juin 2032/)).toBeVisible();
		await checkAccessibility(page, 'closing date moved after votes');

		// The placed project is on the public map's budget layer.
		await budget.projectCard(/Parc à vélos du lycée$/).getByRole('link', { name: /^Voir sur la carte/ }).click();
		const map = new MapPage(page);
		await map.ready('map of the project');
		await map.settled();
		await expect(map.marker('Parc à vélos du lycée (Budget jeunesse 2027-2028)')).toHaveAttribute('data-layer', 'budgets');
	});
});
