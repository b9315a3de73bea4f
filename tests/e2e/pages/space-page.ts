import type { Locator } from '@playwright/test';
import { either } from '../helpers/text.js';
import { BasePage } from './base-page.js';

/** A space's page, with its chat panel. */
export class SpacePage extends BasePage {
	path = '/spaces';

	forSpace(slug: string) {
		this.path = `/spaces/${slug}`;
		return this;
	}

	get chat() {
		return this.page.getByRole('region', { name: either('Discussion', 'Chat') });
	}
	get chatLog() {
		return this.chat.getByRole('list', { name: either('Messages de la discussion', 'Chat messages') });
	}
	get draft() {
		return this.chat.getByLabel(either('Votre message', 'Your message'));
	}
	message(text: string): Locator {
		return this.chatLog.getByTestId('chat-message').filter({ hasText: text });
	}

	async send(text: string) {
		await this.draft.fill(text);
		await this.chat.getByRole('button', { name: either('Envoyer', 'Send') }).click();
	}

	async replyTo(text: string, reply: string) {
		await this.message(text).getByRole('button', { name: either('Répondre', 'Reply') }).click();
		await this.send(reply);
	}

	async react(text: string, emoji: string) {
		await this.message(text).getByRole('button', { name: either(`Réagir avec ${emoji}`, `React with ${emoji}`) }).first().click();
	}
}
