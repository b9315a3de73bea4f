import { expect, test } from '../fixtures.js';
import { newIdentity } from '../helpers/identity.js';

test('a forgotten password is replaced through the link sent by e-mail', async ({ signup, profile, login, forgotPassword, mailbox, resetPassword, home }) => {
	const person = newIdentity('reset');
	const newPassword = `Nouveau-${person.password}`;
	await signup.goto();
	await signup.register(person);
	await profile.ready();
	await profile.logOut();
	await login.ready();

	await login.page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
	await forgotPassword.ready();
	await forgotPassword.request(person.email);
	await forgotPassword.ready('request sent');
	await expect(forgotPassword.status).toHaveText('Si un compte existe pour cette adresse, un e-mail vient d’être envoyé.');

	await mailbox.followLink(person.email, 'Réinitialisation de votre mot de passe Parvis');
	await resetPassword.ready();
	await expect(resetPassword.heading).toHaveText('Choisir un nouveau mot de passe');
	await resetPassword.choose(newPassword);

	await login.ready('password changed');
	await expect(login.page).toHaveURL(/\/login\?reset=1$/);
	await expect(login.status).toHaveText('Mot de passe modifié. Vous pouvez vous connecter.');

	await login.logIn(person.email, person.password);
	await login.ready('old password');
	await expect(login.alert).toHaveText('Adresse e-mail ou mot de passe incorrect.');

	await login.logIn(person.email, newPassword);
	await home.ready('logged in with the new password');
	await expect(home.profileLink).toBeVisible();
});

test('a reset link cannot be used twice', async ({ signup, profile, forgotPassword, mailbox, resetPassword, login, page }) => {
	const person = newIdentity('reset-twice');
	await signup.goto();
	await signup.register(person);
	await profile.ready();
	await profile.logOut();
	await login.ready();

	await forgotPassword.goto();
	await forgotPassword.request(person.email);
	await forgotPassword.ready();
	const message = await mailbox.openWhenDelivered(person.email, 'Réinitialisation de votre mot de passe Parvis');
	const link = (await message.getByRole('link').first().getAttribute('href'))!;

	await page.goto(link);
	await resetPassword.ready();
	await resetPassword.choose(`Premier-${person.password}`);
	await login.ready();

	await page.goto(link);
	await resetPassword.ready('used link');
	await resetPassword.choose(`Second-${person.password}`);
	await resetPassword.ready('used link refused');
	await expect(resetPassword.alert).toHaveText('Ce lien de réinitialisation est invalide ou a expiré.');
});
