import { BasePage } from './base-page.js';

export class HomePage extends BasePage {
	readonly path = '/';

	get organisationCards() {
		return this.main.getByRole('listitem').filter({ has: this.page.getByRole('heading', { level: 3 }) });
	}
}
