import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { LoginPage } from '../pages/login-page.js';
import { MeetingPage } from '../pages/meeting-pages.js';

test.describe('Meetings', () => {
	test('an organiser plans a hybrid meeting with a map point; times are read in Paris time', async ({ page }) => {
		const login = new LoginPage(page);
		await login.goto('?redirectTo=/spaces/budget-participatif-2027/meetings');
		await login.logIn(demoAccounts.orgadmin, DEMO_PASSWORD);
		await expect(page).toHaveURL(/\/spaces\/budget-participatif-2027\/meetings$/);
		await checkAccessibility(page, 'space meetings');
		await page.getByRole('main').getByRole('link', { name: 'Nouvelle réunion' }).click();
		await expect(page).toHaveURL(/\/meetings\/new$/);
		await checkAccessibility(page, 'new meeting form');

		const main = page.getByRole('main');
		// Refused first: a hybrid meeting needs both an address and a link.
		await main.getByLabel('Titre').fill('Atelier mobilités douces');
		await main.getByLabel('Présentiel et en ligne').check();
		await main.getByLabel(/^Début/).fill('2027-03-28T01:30');
		await main.getByLabel(/^Fin/).fill('2027-03-28T04:30');
		await main.getByRole('button', { name: 'Publier la réunion' }).click();
		await expect(main.getByText('Indiquez l’adresse d’une réunion en présentiel.')).toBeVisible();
		await expect(main.getByText('Indiquez le lien de visioconférence d’une réunion en ligne.')).toBeVisible();
		await checkAccessibility(page, 'refused meeting form');

		await main.getByLabel('Adresse', { exact: true }).fill('Salle Jean-Vilar, Auray');
		await main.getByLabel('Lien de visioconférence').fill('https://meet.jit.si/atelier-mobilites');
		await main.getByLabel('Longitude').fill('-2.99');
		await main.getByLabel('Latitude').fill('47.67');
		await main.getByLabel('Nombre de places').fill('12');
		await main.getByRole('button', { name: 'Publier la réunion' }).click();
		const meeting = new MeetingPage(page);
		await meeting.ready('created meeting');
		await expect(meeting.heading).toHaveText('Atelier mobilités douces');
		await expect(meeting.main.getByText('12 places restantes sur 12')).toBeVisible();

		// 01:30 CET and 04:30 CEST on the night of the change: 00:30 and 02:30 UTC.
		const id = page.url().split('/').at(-1);
		const api = await page.request.get(`/api/v1/meetings/${id}`);
		expect(await api.json()).toMatchObject({
			starts_at: '2027-03-28T00:30:00.000Z',
			ends_at: '2027-03-28T02:30:00.000Z',
			mode: 'hybrid',
			longitude: -2.99,
			latitude: 47.67,
			places: 12
		});
	});
});
