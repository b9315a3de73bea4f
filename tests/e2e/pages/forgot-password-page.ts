import { either } from '../helpers/text.js';
import { BasePage } from './base-page.js';

export class ForgotPasswordPage extends BasePage {
	readonly path = '/forgot-password';

	get email() {
		return this.page.getByLabel(either('Adresse e-mail', 'E-mail address'));
	}
	get submit() {
		return this.main.getByRole('button', { name: either('Envoyer le lien', 'Send the link') });
	}

	async request(email: string) {
		await this.email.fill(email);
		await this.clickAndLoad(this.submit);
	}
}
