import { either } from '../helpers/text.js';
import { BasePage } from './base-page.js';

export class LoginPage extends BasePage {
	readonly path = '/login';

	get email() {
		return this.page.getByLabel(either('Adresse e-mail', 'E-mail address'));
	}
	get password() {
		return this.page.getByLabel(either('Mot de passe', 'Password'));
	}
	get submit() {
		return this.main.getByRole('button', { name: either('Se connecter', 'Log in') });
	}

	/** Sends the form; the browser ends where `redirectTo` says (home by default), or back here. */
	async logIn(email: string, password: string) {
		await this.email.fill(email);
		await this.password.fill(password);
		await this.clickAndLoad(this.submit);
	}
}
