import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { newIdentity } from '../helpers/identity.js';
import { MailboxPage } from '../pages/mailbox-page.js';
import { MeetingPage, MeetingsPage } from '../pages/meeting-pages.js';
import { SignupPage } from '../pages/signup-page.js';

test.describe('Meetings', () => {
	test('a citizen registers for the club meeting, gets the .ics by e-mail and cancels', async ({ page }) => {
		test.slow();
		const identity = newIdentity('reunion');
		const signup = new SignupPage(page);
		await signup.goto();
		await signup.register(identity);
		await expect(page).toHaveURL(/\/profile\?welcome=1$/);
		await checkAccessibility(page, 'profile after sign-up');

		const list = new MeetingsPage(page);
		await list.goto();
		await list.meetingLink(/Réunion du club : feuille de route 2027/).click();
		const meeting = new MeetingPage(page);
		await meeting.ready('meeting page');
		await expect(meeting.main.getByText('30 places restantes sur 30')).toBeVisible();
		const meetingUrl = page.url();
		const code = await meeting.register();
		await checkAccessibility(page, 'after registering');
		await expect(meeting.icsLink).toHaveAttribute('href', /\/api\/v1\/meetings\/[0-9a-f-]{36}\/calendar\.ics$/);

		const mailbox = new MailboxPage(page);
		const mail = await mailbox.openWhenDelivered(identity.email, /Inscription confirmée : Réunion du club/);
		await expect(mail).toContainText(code!);
		const attachment = mail.getByRole('link', { name: 'invitation.ics' });
		await expect(attachment).toBeVisible();
		const response = await page.request.get((await attachment.getAttribute('href'))!);
		expect(response.headers()['content-type']).toMatch(/^text\/calendar/);
		const ics = await response.text();
		expect(ics).toContain('BEGIN:VEVENT');
		expect(ics).toContain('SUMMARY:Réunion du club : feuille de route 2027');
		expect(ics).toMatch(/DTSTART;TZID=Europe\/Paris:\d{8}T\d{6}/);

		await page.goto(meetingUrl);
		await meeting.ready('meeting page again');
		await meeting.unregister();
		await checkAccessibility(page, 'after cancelling');
		await expect(meeting.main.getByText('30 places restantes sur 30')).toBeVisible();
	});
});
