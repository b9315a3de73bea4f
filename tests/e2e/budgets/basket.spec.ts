import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { BudgetPage, BudgetsPage, euros } from '../pages/budget-pages.js';
import { LoginPage } from '../pages/login-page.js';

test.describe('Participatory budget', () => {
	test('a citizen fills a basket, sees what is left, is refused going over, votes and cancels', async ({ page }) => {
		test.slow();
		const login = new LoginPage(page);
		await login.goto('?redirectTo=/spaces/budget-participatif-2027/budgets');
		await login.logIn(demoAccounts.citoyen, DEMO_PASSWORD);
		const list = new BudgetsPage(page);
		await list.ready('budgets of the space');
		await list.budgetLink(/Budget participatif 2027 d’Auray/).click();
		const budget = new BudgetPage(page);
		await budget.ready('budget page');
		await expect(budget.remaining).toHaveText(`Reste à répartir : ${euros(150_000)}`);

		await budget.add('Aire de jeux inclusive au Bel-Air', euros(90_000));
		await budget.add('Piste de skate rénovée', euros(38_000));
		await expect(budget.progress).toHaveAttribute('value', '112000');
		await expect(budget.main.getByText(`Dépensé : ${euros(112_000)} sur ${euros(150_000)}`)).toBeVisible();
		await checkAccessibility(page, 'basket with two projects');

		// 45,000 € is more than the 38,000 € left: refused, with the reason, and nothing changes.
		await budget.addButton('Abri à vélos sécurisé à la gare').click();
		await expect(budget.alert).toHaveText('Le projet « Abri à vélos sécurisé à la gare » coûte 45000 € : il ne vous reste que 38000 € sur 150000 €.');
		await expect(budget.remaining).toHaveText(`Reste à répartir : ${euros(38_000)}`);
		await checkAccessibility(page, 'refused over the budget');

		await budget.add('Bancs et ombrage place Notre-Dame', euros(16_000));
		await budget.removeButton('Piste de skate rénovée').click();
		await expect(budget.remaining).toHaveText(`Reste à répartir : ${euros(68_000)}`);
		await budget.add('Éclairage solaire du chemin de halage', euros(30_000));

		await budget.checkoutButton.click();
		await expect(budget.main.getByText('Votre vote est enregistré. Merci !')).toBeVisible();
		await expect(budget.cancelButton).toBeVisible();
		await expect(budget.addButton('Fontaines à eau potable')).toHaveCount(0);
		await checkAccessibility(page, 'after voting');

		await budget.cancelButton.click();
		await expect(budget.main.getByText('Votre vote est annulé : vous pouvez modifier votre panier et voter à nouveau.')).toBeVisible();
		await expect(budget.checkoutButton).toBeVisible();
		await expect(budget.remaining).toHaveText(`Reste à répartir : ${euros(30_000)}`);
		await checkAccessibility(page, 'after cancelling');
	});
});
