import { expect, type Locator } from '@playwright/test';
import { either } from '../helpers/text.js';
import { BasePage } from './base-page.js';

/**
 * A discussion: the `Comments` component, here on the discussion page of a commentable thing
 * (`/comments?targetType=…&targetId=…`). The same locators work wherever the component is included.
 */
export class DiscussionPage extends BasePage {
	readonly path = '/comments';
	private query = '';

	forTarget(targetType: string, targetId: string) {
		this.query = `?targetType=${targetType}&targetId=${targetId}`;
		return this;
	}

	async open() {
		await this.goto(this.query);
	}

	get section() {
		// Its heading carries the count: « Commentaires (3) ».
		return this.main.getByRole('region', { name: /^(Commentaires|Comments)\b/ });
	}
	get newComment() {
		return this.section.getByLabel(either('Votre commentaire', 'Your comment'));
	}
	get publish() {
		return this.section.getByRole('button', { name: either('Publier le commentaire', 'Post the comment') });
	}
	/** The comment (an article) whose text contains `text`. */
	comment(text: string): Locator {
		return this.section.getByRole('article').filter({ hasText: text });
	}

	async post(text: string) {
		await this.newComment.fill(text);
		await this.publish.click();
		await expect(this.comment(text)).toBeVisible();
	}

	/** Opens the comment's "Signaler" disclosure, picks a reason and sends; waits for the thanks. */
	async report(text: string, reason: string) {
		const article = this.comment(text);
		await article.getByText(either('Signaler', 'Report'), { exact: true }).click();
		await article.getByLabel(either('Motif du signalement', 'Reason for the report')).selectOption({ label: reason });
		await article.getByRole('button', { name: either('Envoyer le signalement', 'Send the report') }).click();
		await expect(this.section.getByRole('status')).toHaveText(either('Merci : votre signalement a été transmis aux modérateurs.', 'Thank you: your report was sent to the moderators.'));
	}
}
