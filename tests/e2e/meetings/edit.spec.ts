import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { LoginPage } from '../pages/login-page.js';
import { MailboxPage } from '../pages/mailbox-page.js';
import { MeetingPage } from '../pages/meeting-pages.js';
import { SpacePage } from '../pages/space-page.js';

const SPACE = 'budget-participatif-2027';

test.describe('Meetings', () => {
	test('an organiser moves a meeting: registered people get the updated invitation, SEQUENCE grows', async ({ page, baseURL }) => {
		test.slow();
		const login = new LoginPage(page);
		await login.goto(`?redirectTo=/spaces/${SPACE}`);
		await login.logIn(demoAccounts.orgadmin, DEMO_PASSWORD);
		const space = new SpacePage(page).forSpace(SPACE);
		await space.ready('space page');

		// A meeting linked to a proposal of the space, with the organiser registered.
		const headers = { origin: baseURL! };
		const [proposal] = (await (await page.request.get(`/api/v1/spaces/${SPACE}/proposals?limit=1`)).json()).items;
		const title = `Atelier à déplacer ${Date.now()}`;
		const created = await page.request.post(`/api/v1/spaces/${SPACE}/meetings`, {
			headers,
			data: {
				title,
				mode: 'in_person',
				address: 'Salle des fêtes, Auray',
				starts_at: '2031-05-12T16:00:00Z',
				ends_at: '2031-05-12T18:00:00Z',
				places: 10,
				links: [{ type: 'proposal', id: proposal.id }]
			}
		});
		expect(created.status()).toBe(201);
		const { id } = await created.json();
		expect((await page.request.post(`/api/v1/meetings/${id}/registration`, { headers })).status()).toBe(201);

		// From the space page to its meetings, then to the meeting.
		await space.main.getByRole('link', { name: 'Réunions', exact: true }).click();
		await expect(page).toHaveURL(new RegExp(`/spaces/${SPACE}/meetings$`));
		await checkAccessibility(page, 'space meetings');
		await space.main.getByRole('link', { name: title }).click();
		const meeting = new MeetingPage(page);
		await meeting.ready('meeting page');
		const linked = meeting.main.getByRole('link', { name: proposal.title });
		await expect(linked).toHaveAttribute('href', `/spaces/${SPACE}/proposals/${proposal.number}`);

		await meeting.main.getByRole('link', { name: 'Modifier la réunion' }).click();
		await expect(page).toHaveURL(new RegExp(`/meetings/${id}/edit$`));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Modifier la réunion');
		await checkAccessibility(page, 'edit meeting form');
		const main = page.getByRole('main');
		// The form shows the meeting on the Paris wall clock (18:00 and 20:00 summer time).
		await expect(main.getByLabel(/^Début/)).toHaveValue('2031-05-12T18:00');
		await expect(main.getByLabel(/^Fin/)).toHaveValue('2031-05-12T20:00');
		await expect(main.getByLabel('Nombre de places')).toHaveValue('10');

		// Refused first: the end before the start.
		await main.getByLabel(/^Fin/).fill('2031-05-12T17:00');
		await main.getByRole('button', { name: 'Enregistrer les modifications' }).click();
		await expect(main.getByText('La fin doit être après le début.')).toBeVisible();
		await checkAccessibility(page, 'refused edit');

		await main.getByLabel(/^Début/).fill('2031-05-19T18:30');
		await main.getByLabel(/^Fin/).fill('2031-05-19T20:30');
		await main.getByLabel('Adresse', { exact: true }).fill('Mairie d’Auray, salle du conseil');
		await main.getByRole('button', { name: 'Enregistrer les modifications' }).click();
		await meeting.ready('moved meeting');
		await expect(meeting.status.first()).toContainText('La réunion est modifiée.');
		await expect(meeting.main.getByText('Mairie d’Auray, salle du conseil')).toBeVisible();
		await expect(meeting.main.getByRole('link', { name: proposal.title })).toBeVisible();

		const api = await (await page.request.get(`/api/v1/meetings/${id}`)).json();
		expect(api).toMatchObject({ starts_at: '2031-05-19T16:30:00.000Z', ends_at: '2031-05-19T18:30:00.000Z', sequence: 1, links: [{ type: 'proposal', id: proposal.id }] });

		const mailbox = new MailboxPage(page);
		const mail = await mailbox.openWhenDelivered(demoAccounts.orgadmin, `Réunion modifiée : ${title}`);
		await expect(mail).toContainText('Mairie d’Auray, salle du conseil');
		const attachment = mail.getByRole('link', { name: 'invitation.ics' });
		const ics = await (await page.request.get((await attachment.getAttribute('href'))!)).text();
		expect(ics).toContain('SEQUENCE:1');
		expect(ics).toContain('DTSTART;TZID=Europe/Paris:20310519T183000');
	});
});
