import type { Browser } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { DEMO_PASSWORD, demoAccounts, newIdentity } from '../helpers/identity.js';
import { DiscussionPage } from '../pages/discussion-page.js';
import { LoginPage } from '../pages/login-page.js';
import { ModerationPage } from '../pages/moderation-page.js';
import { SignupPage } from '../pages/signup-page.js';

/** A new person in their own browser, signed up (the sign-up signs them in) and on the discussion. */
async function participant(browser: Browser, label: string, target: { type: string; id: string }) {
	const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const page = await context.newPage();
	const signup = new SignupPage(page);
	await signup.goto();
	await signup.register(newIdentity(label));
	await expect(page).toHaveURL(/\/profile\?welcome=1$/);
	const discussion = new DiscussionPage(page).forTarget(target.type, target.id);
	await discussion.open();
	return { context, discussion };
}

test.describe('Moderation', () => {
	test('three people report a comment and it disappears for the public', async ({ browser, page, request }) => {
		// Five browsers, four sign-ups (password hashing) and an accessibility audit on each page.
		test.slow();
		// A proposal of the demo's participatory budget (its "Idées" phase accepts comments).
		const list = await request.get('/api/v1/spaces/budget-participatif-2027/proposals?limit=1');
		expect(list.status()).toBe(200);
		const [proposal] = (await list.json()).items as { id: string }[];
		const target = { type: 'proposal', id: proposal.id };

		const text = `Achetez des montres pas chères ${Date.now().toString(36)}`;
		const author = await participant(browser, 'auteur', target);
		await author.discussion.post(text);
		await checkAccessibility(author.discussion.page, 'after posting a comment');

		const reporters = [];
		for (const label of ['signal1', 'signal2', 'signal3']) reporters.push(await participant(browser, label, target));
		for (const [index, reporter] of reporters.entries()) {
			await expect(reporter.discussion.comment(text)).toBeVisible();
			await reporter.discussion.report(text, index === 0 ? 'Publicité ou spam' : 'Hors sujet');
			await checkAccessibility(reporter.discussion.page, `after report ${index + 1}`);
		}

		// The public no longer sees it.
		const visitor = new DiscussionPage(page).forTarget(target.type, target.id);
		await visitor.open();
		await expect(visitor.section).toBeVisible();
		await expect(visitor.comment(text)).toHaveCount(0);
		await expect(visitor.main).not.toContainText(text);
		// Neither do the people who reported it, once the page is loaded again.
		await reporters[0].discussion.open();
		await expect(reporters[0].discussion.comment(text)).toHaveCount(0);

		for (const person of [author, ...reporters]) await person.context.close();

		// The organisation's administrator finds it in the moderators' queue with its reports.
		const login = new LoginPage(page);
		await login.goto('?redirectTo=%2Fmoderation');
		await login.logIn(demoAccounts.orgadmin, DEMO_PASSWORD);
		const queue = new ModerationPage(page);
		await queue.ready('queue with the hidden comment');
		const item = queue.item(text);
		await expect(item).toContainText('3 signalement(s)');
		await expect(item).toContainText('Publicité ou spam : 1');
		await expect(item).toContainText('Hors sujet : 2');
		await expect(queue.decision(text, 'Rétablir')).toBeVisible();
	});
});
