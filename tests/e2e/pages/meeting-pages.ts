import { expect } from '@playwright/test';
import { either } from '../helpers/text.js';
import { BasePage } from './base-page.js';

/** Upcoming meetings of public spaces (/meetings). */
export class MeetingsPage extends BasePage {
	readonly path = '/meetings';

	meetingLink(title: string | RegExp) {
		return this.main.getByRole('link', { name: title });
	}
}

/** One meeting (/spaces/<slug>/meetings/<id>): details, registration, "add to my calendar". */
export class MeetingPage extends BasePage {
	readonly path = '/spaces/';

	matches(url: URL) {
		return /^\/spaces\/[^/]+\/meetings\/[0-9a-f-]{36}$/.test(url.pathname);
	}
	get registerButton() {
		return this.main.getByRole('button', { name: either('M’inscrire', 'Register') });
	}
	get unregisterButton() {
		return this.main.getByRole('button', { name: either('Annuler mon inscription', 'Cancel my registration') });
	}
	get icsLink() {
		return this.main.getByRole('link', { name: either('Fichier .ics', '.ics file') });
	}

	async register() {
		await this.registerButton.click();
		await expect(this.status).toContainText(/Code à présenter à l’entrée : [A-Z2-9]{4}-[A-Z2-9]{4}/);
		return (/([A-Z2-9]{4}-[A-Z2-9]{4})/.exec((await this.status.textContent()) ?? '') ?? [])[1];
	}

	async unregister() {
		await this.unregisterButton.click();
		await expect(this.registerButton).toBeVisible();
	}
}
