import { expect, type Locator, type Page } from '@playwright/test';
import { checkAccessibility } from '../helpers/a11y.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { BasePage } from './base-page.js';
import { LoginPage } from './login-page.js';

/** The report form (/signalements/nouveau). */
export class NewReportPage extends BasePage {
	readonly path = '/signalements/nouveau';

	get category() {
		return this.main.getByLabel('Catégorie');
	}
	get description() {
		return this.main.getByLabel('Description');
	}
	get nearby() {
		return this.main.getByRole('region', { name: 'Déjà signalé tout près ?' });
	}

	get address() {
		return this.main.getByLabel('Adresse', { exact: true });
	}
	get latitude() {
		return this.main.getByLabel('Latitude', { exact: true });
	}
	get longitude() {
		return this.main.getByLabel('Longitude', { exact: true });
	}

	/** Types an address and asks the geocoder; its matches come back as buttons. */
	async searchAddress(text: string) {
		await this.address.fill(text);
		await this.main.getByRole('button', { name: 'Chercher l’adresse' }).click();
	}
	get photos() {
		return this.main.getByLabel('Photos (facultatif)');
	}

	async placeAt(latitude: number, longitude: number) {
		await this.latitude.fill(String(latitude));
		await this.longitude.fill(String(longitude));
	}

	async submit() {
		await this.clickAndLoad(this.main.getByRole('button', { name: 'Envoyer le signalement' }));
	}
}

/** One report (/signalements/<id>): status, history, agents' forms. */
export class ReportPage extends BasePage {
	readonly path = '/signalements/';

	matches(url: URL) {
		return /^\/signalements\/[0-9a-f-]{36}$/.test(url.pathname);
	}
	get trackingCode() {
		return this.main.locator('.tracking-code');
	}
	get history() {
		return this.main.getByRole('list').filter({ hasText: 'Signalement reçu' });
	}
	photo(n: number, category: string) {
		return this.main.getByRole('img', { name: `Photo ${n} jointe au signalement « ${category} »` });
	}

	async changeStatus(status: string, comment: string) {
		await this.main.getByLabel('Nouveau statut').selectOption({ label: status });
		await this.main.getByLabel('Commentaire public').fill(comment);
		await this.clickAndLoad(this.main.getByRole('button', { name: 'Enregistrer le statut' }));
		await expect(this.main.locator('.badge')).toHaveText(status);
	}
}

/** Tracking-code lookup (/signalements/suivi). */
export class TrackingPage extends BasePage {
	readonly path = '/signalements/suivi';

	async lookUp(code: string) {
		await this.main.getByLabel('Code de suivi').fill(code);
		await this.clickAndLoad(this.main.getByRole('button', { name: 'Retrouver le signalement' }));
	}
}

/** The agents' queue (/signalements/traitement): filters, map, selection and the bulk answer. */
export class ReportQueuePage extends BasePage {
	readonly path = '/signalements/traitement';

	get list() {
		return this.main.getByRole('table');
	}
	get map() {
		return this.main.getByRole('region', { name: /^Carte des \d+ signalements de la page/ });
	}
	select(trackingCode: string) {
		return this.main.getByRole('checkbox', { name: `Cocher le signalement ${trackingCode}` });
	}

	async search(words: string) {
		await this.main.getByLabel('Rechercher (description, adresse, code)').fill(words);
		await this.clickAndLoad(this.main.getByRole('button', { name: 'Filtrer' }));
		await this.ready('filtered queue');
	}

	async applyToSelection() {
		await this.clickAndLoad(this.main.getByRole('button', { name: 'Appliquer aux signalements cochés' }));
		await this.ready('after the bulk answer');
	}
}

/** The town's demo agent signs in (home page audited) and opens the queue. */
export async function openQueueAsAgent(page: Page) {
	const login = new LoginPage(page);
	await login.goto();
	await login.logIn(demoAccounts.agent, DEMO_PASSWORD);
	await checkAccessibility(page, 'home after login');
	const queue = new ReportQueuePage(page);
	await queue.goto();
	return queue;
}

/** An organisation's reporting settings (/signalements/reglages/<slug>). */
export class ReportSettingsPage extends BasePage {
	readonly path = '/signalements/reglages/';

	matches(url: URL) {
		return url.pathname.startsWith(this.path);
	}
	category(name: string) {
		return this.main.getByRole('checkbox', { name, exact: true });
	}
}

/** An organisation's answer templates (/signalements/reglages/<slug>/modeles). */
export class AnswerTemplatesPage extends BasePage {
	readonly path = '/signalements/reglages/';

	matches(url: URL) {
		return /^\/signalements\/reglages\/[^/]+\/modeles$/.test(url.pathname);
	}
	template(title: string) {
		return this.main.getByRole('region', { name: title, exact: true });
	}

	/** Sends one of the page's forms and audits the page it comes back to. */
	async submit(button: Locator, label: string) {
		await this.clickAndLoad(button);
		await this.ready(label);
	}
}
