import type { Browser } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { LoginPage } from '../pages/login-page.js';
import { SpacePage } from '../pages/space-page.js';

const SPACE = 'budget-participatif-2027';

/** A demo account in its own browser, signed in and on the space's page with the chat ready. */
async function member(browser: Browser, email: string) {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const page = await context.newPage();
	const login = new LoginPage(page);
	await login.goto(`?redirectTo=/spaces/${SPACE}`);
	await login.logIn(email, DEMO_PASSWORD);
	const space = new SpacePage(page).forSpace(SPACE);
	await space.goto();
	await expect(space.draft).toBeVisible({ timeout: 15_000 });
	await checkAccessibility(page, 'chat ready');
	return { context, space };
}

test.describe('Chat', () => {
	test('two people of one space exchange messages, replies and reactions in the panel', async ({ browser }) => {
		test.slow();
		const elue = await member(browser, demoAccounts.elu);
		const citoyen = await member(browser, demoAccounts.citoyen);
		const hello = `Bonjour à tous, réunion jeudi ${Date.now().toString(36)}`;

		await elue.space.send(hello);
		await expect(elue.space.message(hello)).toBeVisible();
		await expect(citoyen.space.message(hello)).toBeVisible({ timeout: 10_000 });
		await expect(citoyen.space.message(hello)).toContainText('Maëlle Le Bihan');
		await expect(citoyen.space.chat.getByTestId('chat-unread')).toHaveText('1 message(s) non lu(s)', { timeout: 10_000 });

		const answer = `Je serai là, voir /spaces/${SPACE}`;
		await citoyen.space.replyTo(hello, answer);
		// Answering reads the room: the unread count goes.
		await expect(citoyen.space.chat.getByTestId('chat-unread')).toHaveCount(0, { timeout: 10_000 });
		const received = elue.space.message(answer);
		await expect(received).toBeVisible({ timeout: 10_000 });
		await expect(received.getByRole('blockquote')).toContainText(hello.slice(0, 30));
		await expect(received.getByRole('link', { name: `/spaces/${SPACE}` })).toHaveAttribute('href', `/spaces/${SPACE}`);

		await elue.space.react(answer, '👍');
		const reactions = citoyen.space.message(answer).getByRole('list', { name: 'Réactions' });
		await expect(reactions.getByRole('button', { name: '👍 1' })).toBeVisible({ timeout: 10_000 });
		await expect(reactions.getByRole('button', { name: '👍 1' })).toHaveAttribute('aria-pressed', 'false');
		await checkAccessibility(citoyen.space.page, 'after the exchange');

		// Reporting a message to the space's moderators, from the panel.
		const reported = citoyen.space.message(hello);
		await reported.getByRole('button', { name: 'Signaler' }).click();
		await reported.getByLabel('Motif du signalement').selectOption({ label: 'Hors sujet' });
		await checkAccessibility(citoyen.space.page, 'report form open');
		await reported.getByRole('button', { name: 'Envoyer le signalement' }).click();
		await expect(citoyen.space.chat.getByRole('status').filter({ hasText: 'Merci : le message a été signalé aux modérateurs.' })).toBeVisible();

		await elue.context.close();
		await citoyen.context.close();
	});

	test('shows anonymous visitors how to join instead of a panel', async ({ page }) => {
		const space = new SpacePage(page).forSpace(SPACE);
		await space.goto();
		await expect(space.chat).toHaveCount(0);
		await expect(page.getByRole('link', { name: 'Connectez-vous pour rejoindre la discussion de cet espace.' })).toBeVisible();
	});
});
