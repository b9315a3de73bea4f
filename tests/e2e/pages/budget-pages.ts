import { expect } from '@playwright/test';
import { BasePage } from './base-page.js';

/** Amounts as the French page writes them (narrow no-break space between thousands). */
export const euros = (amount: number) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(amount);

/** A space's participatory budgets. */
export class BudgetsPage extends BasePage {
	readonly path = '/spaces/budget-participatif-2027/budgets';

	budgetLink(name: RegExp) {
		return this.main.getByRole('link', { name });
	}
}

/** A budget: projects with their costs, the basket with what is spent and left, checkout and cancel. */
export class BudgetPage extends BasePage {
	readonly path = '/spaces/budget-participatif-2027/budgets/';

	matches(url: URL) {
		return /^\/spaces\/[^/]+\/budgets\/[0-9a-f-]{36}$/.test(url.pathname);
	}
	get remaining() {
		return this.main.getByTestId('basket-remaining');
	}
	get progress() {
		return this.main.getByRole('progressbar');
	}
	addButton(title: string) {
		return this.main.getByRole('button', { name: `Ajouter au panier : ${title}` });
	}
	removeButton(title: string) {
		return this.main.getByRole('button', { name: `Retirer : ${title}` });
	}
	get checkoutButton() {
		return this.main.getByRole('button', { name: 'Valider mon vote' });
	}
	get cancelButton() {
		return this.main.getByRole('button', { name: 'Annuler mon vote' });
	}

	/** The organisers' form adding a project. */
	get addProjectForm() {
		return this.main.locator('form').filter({ has: this.page.getByRole('heading', { name: 'Ajouter un projet' }) });
	}
	/** The organisers' edit panel of a project (a disclosure holding its edit and delete forms). */
	editPanel(title: string) {
		return this.main.locator('details.edit-project').filter({ has: this.page.locator('summary', { hasText: title }) });
	}
	/** The organisers' settings form, in its disclosure. */
	get settingsPanel() {
		return this.main.locator('details.settings');
	}
	get saveSettingsButton() {
		return this.settingsPanel.getByRole('button', { name: 'Enregistrer les paramètres' });
	}
	/** A project's card in the list, by the title in its heading. */
	projectCard(title: RegExp) {
		return this.main.getByRole('listitem').filter({ has: this.page.getByRole('heading', { level: 3, name: title }) });
	}
	get editPanels() {
		return this.main.locator('details.edit-project');
	}
	projectHeading(title: RegExp) {
		return this.main.getByRole('heading', { level: 3, name: title });
	}

	/** Adds a project and waits for the basket to show the new amount left. */
	async add(title: string, remainingAfter: string) {
		await this.addButton(title).click();
		await expect(this.remaining).toHaveText(`Reste à répartir : ${remainingAfter}`);
	}
}

/** The organisers' form creating a budget in the demo space. */
export class NewBudgetPage extends BasePage {
	readonly path = '/spaces/budget-participatif-2027/budgets/new';
}
