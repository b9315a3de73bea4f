import { BasePage } from './base-page.js';

export class VerifyEmailPage extends BasePage {
	readonly path = '/verify-email';
}
