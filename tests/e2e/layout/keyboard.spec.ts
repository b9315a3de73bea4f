import { expect, test } from '../fixtures.js';

test('the skip link is the first stop of the keyboard and moves focus to the main content', async ({ home, page }) => {
	await home.goto();
	await page.keyboard.press('Tab');
	await expect(home.skipLink).toBeFocused();
	await expect(home.skipLink).toBeInViewport();
	await expect(home.skipLink).toHaveAttribute('href', '#main');

	await page.keyboard.press('Enter');
	await expect(home.main).toBeFocused();
	await expect(page).toHaveURL(/#main$/);

	// The next Tab continues from the main content, not from the top of the page.
	await page.keyboard.press('Tab');
	const focusedInMain = await page.evaluate(() => !!document.activeElement?.closest('main'));
	expect(focusedInMain, 'focus after the skip link is inside <main>').toBe(true);
});

test('the header is usable with the keyboard alone', async ({ home, page, login }) => {
	await home.goto();
	await home.loginLink.focus();
	await expect(home.loginLink).toBeFocused();
	await page.keyboard.press('Enter');
	await login.ready();
	await expect(login.heading).toHaveText('Se connecter');
});
