import type { Identity } from '../helpers/identity.js';
import { either } from '../helpers/text.js';
import { BasePage } from './base-page.js';

export class SignupPage extends BasePage {
	readonly path = '/signup';

	get displayName() {
		return this.page.getByLabel(either('Nom affiché', 'Display name'));
	}
	get email() {
		return this.page.getByLabel(either('Adresse e-mail', 'E-mail address'));
	}
	get password() {
		return this.page.getByLabel(either('Mot de passe', 'Password'));
	}
	get submit() {
		return this.main.getByRole('button', { name: either('Créer mon compte', 'Create my account') });
	}

	async fill(identity: Partial<Identity>) {
		if (identity.displayName !== undefined) await this.displayName.fill(identity.displayName);
		if (identity.email !== undefined) await this.email.fill(identity.email);
		if (identity.password !== undefined) await this.password.fill(identity.password);
	}

	/** Sends the form; on success the browser ends on /profile?welcome=1, else back here. */
	async register(identity: Partial<Identity>) {
		await this.fill(identity);
		await this.clickAndLoad(this.submit);
	}
}
