import { test as base, expect } from '@playwright/test';
import { checkAccessibility, track } from './helpers/a11y.js';
import { ForgotPasswordPage } from './pages/forgot-password-page.js';
import { HomePage } from './pages/home-page.js';
import { LoginPage } from './pages/login-page.js';
import { MailboxPage } from './pages/mailbox-page.js';
import { ProfilePage } from './pages/profile-page.js';
import { ResetPasswordPage } from './pages/reset-password-page.js';
import { SignupPage } from './pages/signup-page.js';
import { VerifyEmailPage } from './pages/verify-email-page.js';

interface Pages {
	home: HomePage;
	signup: SignupPage;
	login: LoginPage;
	profile: ProfilePage;
	mailbox: MailboxPage;
	verifyEmail: VerifyEmailPage;
	forgotPassword: ForgotPasswordPage;
	resetPassword: ResetPasswordPage;
}

/**
 * `test` with page objects, and an automatic accessibility audit: every page object waits for
 * hydration and runs axe (WCAG 2.1 A/AA) on each page it lands on; this fixture fails a test that
 * navigated to a page without checking it, and checks the last page if the test did not.
 */
export const test = base.extend<Pages & { accessibilityAudit: void }>({
	accessibilityAudit: [
		async ({ page }, use) => {
			const tracker = track(page);
			await use();
			if (page.isClosed()) return;
			if (tracker.pendingUrl) await checkAccessibility(page, 'end of test');
			expect([...tracker.skipped], 'pages visited without an accessibility check').toEqual([]);
		},
		{ auto: true }
	],
	home: async ({ page }, use) => use(new HomePage(page)),
	signup: async ({ page }, use) => use(new SignupPage(page)),
	login: async ({ page }, use) => use(new LoginPage(page)),
	profile: async ({ page }, use) => use(new ProfilePage(page)),
	mailbox: async ({ page }, use) => use(new MailboxPage(page)),
	verifyEmail: async ({ page }, use) => use(new VerifyEmailPage(page)),
	forgotPassword: async ({ page }, use) => use(new ForgotPasswordPage(page)),
	resetPassword: async ({ page }, use) => use(new ResetPasswordPage(page))
});

export { expect };
