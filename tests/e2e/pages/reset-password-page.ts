import { either } from '../helpers/text.js';
import { BasePage } from './base-page.js';

export class ResetPasswordPage extends BasePage {
	readonly path = '/reset-password';

	get password() {
		return this.page.getByLabel(either('Mot de passe', 'Password'));
	}
	get submit() {
		return this.main.getByRole('button', { name: either('Enregistrer le mot de passe', 'Save the password') });
	}

	/** Sends the new password; on success the browser ends on /login?reset=1. */
	async choose(password: string) {
		await this.password.fill(password);
		await this.clickAndLoad(this.submit);
	}
}
