import { expect } from '@playwright/test';
import { either } from '../helpers/text.js';
import { BasePage } from './base-page.js';

/** The votes of a space (/spaces/<slug>/votes). */
export class VotesPage extends BasePage {
	constructor(
		page: BasePage['page'],
		readonly slug: string
	) {
		super(page);
	}
	get path() {
		return `/spaces/${this.slug}/votes`;
	}
	get newVoteLink() {
		return this.main.getByRole('link', { name: either('Nouveau vote', 'New vote') });
	}
}

/** The form a space's organisers create a vote with (/spaces/<slug>/votes/new). */
export class NewVotePage extends BasePage {
	readonly path = '/spaces/';
	matches(url: URL) {
		return /^\/spaces\/[^/]+\/votes\/new$/.test(url.pathname);
	}
	get submit() {
		return this.main.getByRole('button', { name: either('Créer le vote', 'Create the vote') });
	}
}

/** One vote (/spaces/<slug>/votes/<id>): the ballot with its points left, moves and history. */
export class VotePage extends BasePage {
	readonly path = '/spaces/';
	matches(url: URL) {
		return /^\/spaces\/[^/]+\/votes\/[0-9a-f-]{36}$/.test(url.pathname);
	}
	pointsFor(title: string) {
		return this.main.getByLabel(`Points pour « ${title} »`);
	}
	get pointsLeft() {
		return this.main.locator('.points-left');
	}
	get liveOverAllocation() {
		return this.main.locator('[data-over-allocation]');
	}
	get save() {
		return this.main.getByRole('button', { name: either('Enregistrer mon bulletin', 'Save my ballot') });
	}
	async move(from: string, to: string, amount: number) {
		await this.main.getByLabel('Depuis').selectOption({ label: from });
		await this.main.getByLabel('Vers').selectOption({ label: to });
		await this.main.getByLabel('Nombre de points').fill(String(amount));
		await this.main.getByRole('button', { name: 'Déplacer', exact: true }).click();
	}
	async saveBallot() {
		await this.save.click();
		await expect(this.status).toHaveText('Bulletin enregistré.');
	}
}

/** A vote's results (/spaces/<slug>/votes/<id>/results): chart, table, exports, pledges. */
export class VoteResultsPage extends BasePage {
	readonly path = '/spaces/';
	matches(url: URL) {
		return /^\/spaces\/[^/]+\/votes\/[0-9a-f-]{36}\/results$/.test(url.pathname);
	}
	get table() {
		return this.main.getByRole('table', { name: either('Tableau des résultats', 'Results table') });
	}
	row(title: string) {
		return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: title }) });
	}
	get chart() {
		return this.main.getByRole('figure', { name: either('Points par demande', 'Points per request') });
	}
	get closeButton() {
		return this.main.getByRole('button', { name: either('Clore le vote maintenant', 'Close the vote now') });
	}
}
