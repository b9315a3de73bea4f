import { expect, test } from '../fixtures.js';
import { newIdentity } from '../helpers/identity.js';

test.describe('Language switch', () => {
	test('EN turns the site to English, and the choice survives navigation', async ({ home, login, signup, page }) => {
		await home.goto();
		await expect(home.html).toHaveAttribute('lang', 'fr');
		await expect(home.heading).toHaveText('Bienvenue sur Parvis');
		await expect(home.englishButton.locator('[lang="en"]').first()).toHaveText('EN');
		await expect(home.englishButton).toHaveAccessibleName('EN — Changer de langue : English');

		await home.switchToEnglish();
		await home.ready('in English');
		await expect(home.html).toHaveAttribute('lang', 'en');
		await expect(home.heading).toHaveText('Welcome to Parvis');
		await expect(home.page.getByRole('heading', { level: 2, name: 'Organisations of the territory' })).toBeVisible();
		await expect(home.frenchButton).toHaveAccessibleName('FR — Change language : Français');

		// A link followed inside the app…
		await home.loginLink.click();
		await login.ready('English, client-side navigation');
		await expect(login.heading).toHaveText('Log in');
		await expect(login.html).toHaveAttribute('lang', 'en');

		// …and a page loaded from scratch.
		await page.goto('/signup');
		await signup.ready('English, new page load');
		await expect(signup.heading).toHaveText('Sign up');
		await expect(signup.html).toHaveAttribute('lang', 'en');

		await signup.switchToFrench();
		await signup.ready('back to French');
		await expect(signup.heading).toHaveText('Créer un compte');
		await expect(signup.html).toHaveAttribute('lang', 'fr');
	});

	test('a signed-in person’s choice is kept in the profile', async ({ signup, profile, login, home, context }) => {
		const person = newIdentity('lang');
		await signup.goto();
		await signup.register(person);
		await profile.ready();
		await expect(profile.languageSelect).toHaveValue('fr');

		await profile.switchToEnglish();
		await profile.ready('in English');
		await expect(profile.heading).toHaveText('My profile');
		await expect(profile.html).toHaveAttribute('lang', 'en');
		await expect(profile.languageSelect).toHaveValue('en');

		await profile.logOut();
		await login.ready('logged out');
		// Forget the browser's language cookie: only the profile can remember English now.
		await context.clearCookies();
		await login.goto();
		await expect(login.heading).toHaveText('Se connecter');
		await expect(login.html).toHaveAttribute('lang', 'fr');

		await login.logIn(person.email, person.password);
		await home.ready('logged in again');
		await expect(home.html).toHaveAttribute('lang', 'en');
		await expect(home.heading).toHaveText('Welcome to Parvis');
		await home.profileLink.click();
		await profile.ready();
		await expect(profile.heading).toHaveText('My profile');
		await expect(profile.languageSelect).toHaveValue('en');
	});
});
