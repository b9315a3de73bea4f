import { expect, test } from '../fixtures.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';

test.describe('Log in and out', () => {
	test('log out shows a message; logging in again reaches the profile', async ({ login, home, profile }) => {
		await login.goto();
		await login.logIn(demoAccounts.citoyen, DEMO_PASSWORD);
		await home.ready('logged in');

		await home.profileLink.click();
		await profile.ready();
		await expect(profile.main).toContainText(demoAccounts.citoyen);

		await profile.logOut();
		await login.ready('logged out');
		await expect(login.status).toHaveText('Vous êtes déconnecté.');
		await expect(login.profileLink).toHaveCount(0);

		// The profile is closed to visitors: it sends them to the login page, and back after it.
		await profile.page.goto('/profile');
		await login.ready('redirected from /profile');
		await expect(login.page).toHaveURL(/\/login\?redirectTo=%2Fprofile$/);
		await login.logIn(demoAccounts.citoyen, DEMO_PASSWORD);
		await profile.ready('after logging in again');
		await expect(profile.heading).toHaveText('Mon profil');
	});

	test('a wrong password is announced in an alert and the e-mail stays filled in', async ({ login }) => {
		await login.goto();
		await login.logIn(demoAccounts.elu, 'pas-le-bon-mot-de-passe');
		await login.ready('wrong password');
		await expect(login.alert).toHaveText('Adresse e-mail ou mot de passe incorrect.');
		await expect(login.email).toHaveValue(demoAccounts.elu);
		await expect(login.password).toHaveValue('');
		await expect(login.profileLink).toHaveCount(0);
	});

	for (const [role, email] of Object.entries(demoAccounts)) {
		test(`demo account ${role} logs in and sees its profile`, async ({ login, profile }) => {
			await login.goto('?redirectTo=%2Fprofile');
			await login.logIn(email, DEMO_PASSWORD);
			await profile.ready(role);
			await expect(profile.main).toContainText(email);
			await expect(profile.rolesSection).toBeVisible();
		});
	}
});
