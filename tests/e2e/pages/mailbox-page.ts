import { expect } from '@playwright/test';
import { BasePage } from './base-page.js';

/** The development mailbox (/dev/mailbox): every e-mail the outbox "sent" while SMTP_URL is unset. */
export class MailboxPage extends BasePage {
	readonly path = '/dev/mailbox';

	/** One message, by recipient and subject. */
	message(to: string, subject: string | RegExp) {
		return this.main
			.getByRole('article')
			.filter({ has: this.page.locator('.mail-to', { hasText: new RegExp(`^${to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) })
			.filter({ has: this.page.getByRole('heading', { name: subject }) })
			.first();
	}

	/**
	 * Waits until the outbox has delivered the message (reloading the mailbox: the same address,
	 * so the same page for the accessibility audit), then checks the page.
	 */
	async openWhenDelivered(to: string, subject: string | RegExp) {
		await expect(async () => {
			await this.page.goto(this.path);
			await expect(this.message(to, subject)).toBeVisible({ timeout: 250 });
		}, `an e-mail "${subject}" to ${to} in the development mailbox`).toPass({ timeout: 10_000, intervals: [100, 200, 300, 500] });
		await this.ready();
		return this.message(to, subject);
	}

	/** Opens the mailbox and follows the first link of the message `subject` sent to `to`. */
	async followLink(to: string, subject: string | RegExp) {
		const message = await this.openWhenDelivered(to, subject);
		await message.getByRole('link').first().click();
	}
}
