import { expect, test } from '../fixtures.js';
import { newIdentity } from '../helpers/identity.js';

test.describe('Sign-up', () => {
	test('a new account lands on its profile, then the link from the mailbox verifies the address', async ({ signup, profile, mailbox, verifyEmail }) => {
		const person = newIdentity('signup');

		await signup.goto();
		await expect(signup.heading).toHaveText('Créer un compte');
		await signup.register(person);

		await profile.ready('after sign-up');
		await expect(profile.page).toHaveURL(/\/profile\?welcome=1$/);
		await expect(profile.status).toHaveText(`Compte créé. Un e-mail de vérification a été envoyé à ${person.email} : cliquez sur le lien qu’il contient.`);
		await expect(profile.main).toContainText(person.email);
		await expect(profile.unverifiedWarning).toBeVisible();

		await mailbox.followLink(person.email, 'Vérifiez votre adresse e-mail sur Parvis');
		await verifyEmail.ready('link followed');
		await expect(verifyEmail.status).toHaveText('Votre adresse e-mail est vérifiée. Merci !');

		await verifyEmail.profileLink.click();
		await profile.ready('verified');
		await expect(profile.heading).toHaveText('Mon profil');
		await expect(profile.unverifiedWarning).toHaveCount(0);
	});

	test('the verification link works once only', async ({ signup, profile, mailbox, verifyEmail, page }) => {
		const person = newIdentity('once');
		await signup.goto();
		await signup.register(person);
		await profile.ready();

		const message = await mailbox.openWhenDelivered(person.email, 'Vérifiez votre adresse e-mail sur Parvis');
		const link = await message.getByRole('link').first().getAttribute('href');
		expect(link).toMatch(/\/verify-email\?token=/);
		await page.goto(link!);
		await verifyEmail.ready('first use');
		await expect(verifyEmail.status).toHaveText('Votre adresse e-mail est vérifiée. Merci !');
		await page.reload();
		await verifyEmail.ready('second use');
		await expect(verifyEmail.alert).toHaveText('Ce lien de vérification est invalide ou a expiré.');
	});

	test('invalid input is explained next to each field, in French, and linked to it', async ({ signup }) => {
		await signup.goto();
		await signup.register({ displayName: 'Awena Test', email: 'pas-une-adresse', password: 'court' });
		await signup.ready('with errors');

		await expect(signup.alert).toHaveText('Le formulaire contient des erreurs : corrigez les champs signalés.');

		await expect(signup.email).toHaveAttribute('aria-invalid', 'true');
		await expect(signup.email).toHaveValue('pas-une-adresse');
		await expect(signup.email).toHaveAccessibleDescription('Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.');
		await expectDescribedBy(signup.email, 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.');

		await expect(signup.password).toHaveAttribute('aria-invalid', 'true');
		await expect(signup.password).toHaveValue('');
		await expectDescribedBy(signup.password, '12 caractères au moins.');

		await expect(signup.displayName).not.toHaveAttribute('aria-invalid');
		await expect(signup.displayName).toHaveValue('Awena Test');
	});

	test('an address already in use is refused on the e-mail field', async ({ signup }) => {
		await signup.goto();
		await signup.register({ displayName: 'Doublon', email: 'citoyen@parvis.example', password: 'Un-mot-de-passe-long-2026' });
		await signup.ready('e-mail taken');
		await expect(signup.alert).toHaveText('Un compte existe déjà avec cette adresse e-mail.');
		await expect(signup.email).toHaveAttribute('aria-invalid', 'true');
		await expectDescribedBy(signup.email, 'Un compte existe déjà avec cette adresse e-mail.');
		await expect(signup.displayName).toHaveValue('Doublon');
	});
});

/** The field's aria-describedby names an element, shown, with this error text. */
async function expectDescribedBy(field: import('@playwright/test').Locator, text: string) {
	const ids = (await field.getAttribute('aria-describedby'))?.split(/\s+/) ?? [];
	expect(ids.length, 'aria-describedby').toBeGreaterThan(0);
	const errorId = ids.find((id) => id.endsWith('-error'));
	expect(errorId, `an error id in aria-describedby="${ids.join(' ')}"`).toBeTruthy();
	const error = field.page().locator(`[id="${errorId}"]`);
	await expect(error).toBeVisible();
	await expect(error).toHaveText(text);
}
