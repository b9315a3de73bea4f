import { either } from '../helpers/text.js';
import { BasePage } from './base-page.js';

/** The moderators' queue. */
export class ModerationPage extends BasePage {
	readonly path = '/moderation';

	/** The queue entry (an article) whose excerpt contains `text`. */
	item(text: string) {
		return this.main.getByRole('article').filter({ hasText: text });
	}
	decision(text: string, name: 'Masquer' | 'Rétablir' | 'Classer sans suite') {
		return this.item(text).getByRole('button', { name: either(name) });
	}
}
