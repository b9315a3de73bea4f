import { checkAccessibility } from '../helpers/a11y.js';
import { expect, test } from '../fixtures.js';

test.use({ viewport: { width: 375, height: 740 }, hasTouch: true });

test('on a phone, the menu button opens and closes the navigation', async ({ home, page }) => {
	await home.goto();
	await expect(home.heading).toHaveText('Bienvenue sur Parvis');
	await expect(home.menuToggle).toBeVisible();
	await expect(home.menuToggle).toHaveAttribute('aria-expanded', 'false');
	await expect(home.menuToggle).toHaveAttribute('aria-controls', 'main-nav');
	await expect(home.loginLink).toBeHidden();

	await home.menuToggle.click();
	await expect(home.menuToggle).toHaveAttribute('aria-expanded', 'true');
	await expect(home.nav).toBeVisible();
	await expect(home.loginLink).toBeVisible();
	await checkAccessibility(page, 'menu open');

	await home.menuToggle.click();
	await expect(home.menuToggle).toHaveAttribute('aria-expanded', 'false');
	await expect(home.loginLink).toBeHidden();

	// No sideways scrolling at 375 px.
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
});
