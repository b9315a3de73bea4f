import { either } from '../helpers/text.js';
import { BasePage } from './base-page.js';

export class ProfilePage extends BasePage {
	readonly path = '/profile';

	/** The warning shown while the e-mail address is not verified. */
	get unverifiedWarning() {
		return this.main.getByText(either('Votre adresse e-mail n’est pas encore vérifiée.', 'Your e-mail address is not verified yet.'));
	}
	get languageSelect() {
		return this.page.getByLabel(either('Langue de l’interface', 'Interface language'));
	}
	get rolesSection() {
		return this.main.getByRole('region', { name: either('Mes rôles', 'My roles') });
	}
}
