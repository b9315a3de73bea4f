import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { BudgetPage, NewBudgetPage, euros } from '../pages/budget-pages.js';
import { LoginPage } from '../pages/login-page.js';

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

		for (const [title, cost] of [['Skatepark mobile', '8000'], ['Studio de musique', '12000']]) {
			await budget.addProjectForm.getByLabel('Titre du projet').fill(title);
			await budget.addProjectForm.getByLabel('Coût (en euros)').fill(cost);
			await budget.clickAndLoad(budget.addProjectForm.getByRole('button', { name: 'Ajouter un projet' }));
			await expect(budget.status).toHaveText('Projet ajouté.');
			await checkAccessibility(page, `project ${title} added`);
		}

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
		await budget.add('Skatepark mobile et rampes', euros(11_000));
		await budget.checkoutButton.click();
		await expect(budget.main.getByText('Votre vote est enregistré. Merci !')).toBeVisible();
		await page.reload();
		await expect(budget.main.getByText('Des votes ont été enregistrés : les projets ne peuvent plus être modifiés ni supprimés.')).toBeVisible();
		await expect(budget.editPanels).toHaveCount(0);
		await expect(budget.addProjectForm).toHaveCount(0);
		await checkAccessibility(page, 'projects locked after the first vote');
	});
});
