import { expect, type Locator, type Page } from '@playwright/test';
import { checkAccessibility } from '../helpers/a11y.js';
import { either } from '../helpers/text.js';

/**
 * What every page shares (header, skip link, main, messages) and how to arrive on a page:
 * wait for hydration (clicks before it are lost), check the address, then run the axe audit.
 */
export abstract class BasePage {
	abstract readonly path: string;

	constructor(readonly page: Page) {}

	get html() {
		return this.page.locator('html');
	}
	get heading() {
		return this.page.getByRole('heading', { level: 1 });
	}
	get main() {
		return this.page.getByRole('main');
	}
	get header() {
		return this.page.getByRole('banner');
	}
	get skipLink() {
		return this.page.getByRole('link', { name: either('Aller au contenu principal', 'Skip to main content') });
	}
	get nav() {
		return this.page.getByRole('navigation', { name: either('Navigation principale', 'Main navigation') });
	}
	get menuToggle() {
		return this.header.getByRole('button', { name: 'Menu', exact: true });
	}
	/** The language switch offers the other language: "EN" on a French page, "FR" on an English one. */
	get englishButton() {
		return this.header.getByRole('button', { name: /English/ });
	}
	get frenchButton() {
		return this.header.getByRole('button', { name: /Français/ });
	}
	get logoutButton() {
		return this.nav.getByRole('button', { name: either('Se déconnecter', 'Log out') });
	}
	get profileLink() {
		return this.nav.getByRole('link', { name: either('Mon profil', 'My profile') });
	}
	get loginLink() {
		return this.nav.getByRole('link', { name: either('Se connecter', 'Log in') });
	}
	get alert() {
		return this.page.getByRole('alert');
	}
	get status() {
		return this.main.getByRole('status');
	}

	/** Whether a URL is this page (override for pages with a parameter). */
	matches(url: URL) {
		return url.pathname === this.path;
	}

	async goto(query = '') {
		await this.page.goto(this.path + query);
		await this.ready();
	}

	/** Call after anything that brings the browser to this page. */
	async ready(label?: string) {
		await waitForHydration(this.page);
		await expect(this.page).toHaveURL((url) => this.matches(url));
		await expect(this.heading).toBeVisible();
		await checkAccessibility(this.page, label);
	}

	/** Clicks something that loads a new document (a form without JavaScript enhancement). */
	async clickAndLoad(target: Locator) {
		await this.page.evaluate(() => document.body.setAttribute('data-e2e-stale', ''));
		await target.click();
		await waitForHydration(this.page);
	}

	async switchToEnglish() {
		await this.clickAndLoad(this.englishButton);
	}

	async switchToFrench() {
		await this.clickAndLoad(this.frenchButton);
	}

	/** Logs out from the header; the browser ends on the login page. */
	async logOut() {
		await this.clickAndLoad(this.logoutButton);
	}
}

/** A freshly loaded, hydrated document (not the one a click is leaving). */
export async function waitForHydration(page: Page) {
	await page.locator('body[data-hydrated]:not([data-e2e-stale])').waitFor({ state: 'attached' });
}
