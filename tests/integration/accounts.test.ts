import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '#lib/server/auth/sessions.js';
import { HttpClient } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { startSmtpServer, type ReceivedMail, type SmtpMailbox } from '../support/smtp.js';
import { waitUntil } from '../support/wait.js';

const PASSWORD = 'Correct-horse-battery-9';
const VERIFY_SUBJECT = 'Vérifiez votre adresse e-mail sur Parvis';
const RESET_SUBJECT = 'Réinitialisation de votre mot de passe Parvis';

let server: TestServer;
let mailbox: SmtpMailbox;
beforeAll(async () => {
	mailbox = await startSmtpServer();
	server = await startServer({ env: { SMTP_URL: mailbox.url } });
});
afterAll(async () => {
	await server?.dispose();
	await mailbox?.close();
});

let count = 0;
const newEmail = (name: string) => `${name}-${++count}@exemple.fr`;

async function signUp(client: HttpClient, email: string, fields: Record<string, string> = {}) {
	return client.submit('/signup', { displayName: 'Ana Le Floc’h', email, password: PASSWORD, ...fields });
}

/** The caller as the API sees them: who the session cookie belongs to, or 401. */
async function me(client: HttpClient) {
	return client.api('GET', '/api/v1/me');
}

const mailTo = (email: string, subject: string) => mailbox.waitFor((mail) => mail.to.includes(email) && mail.subject === subject);

function linkIn(mail: ReceivedMail, path: string): string {
	const link = mail.links.find((href) => new URL(href).pathname === path);
	if (!link) throw new Error(`No ${path} link in the mail:\n${mail.text}`);
	expect(new URL(link).origin).toBe(server.url);
	return new URL(link).pathname + new URL(link).search;
}

describe('sign-up', () => {
	it('creates the account, opens a session and sends a verification mail whose link verifies the address', async () => {
		const client = new HttpClient(server);
		const email = newEmail('ana');
		const page = await signUp(client, email);
		expect(page.status).toBe(303);
		expect(page.location).toBe('/profile?welcome=1');

		const cookie = client.cookies.get(SESSION_COOKIE);
		expect(cookie?.value).toMatch(/^[a-z2-7]{32}$/);
		expect(cookie?.attributes).toMatchObject({ httponly: true, samesite: 'Lax', path: '/' });
		expect((await me(client)).body).toMatchObject({ email, email_verified: false, display_name: 'Ana Le Floc’h', locale: 'fr', roles: ['citizen'] });

		const mail = await mailTo(email, VERIFY_SUBJECT);
		expect(mail.text).toContain('Bonjour Ana Le Floc’h,');
		const link = linkIn(mail, '/verify-email');
		const verified = await new HttpClient(server).get(link);
		expect(verified.status).toBe(200);
		expect(verified.notice).toBe('Votre adresse e-mail est vérifiée. Merci !');
		expect((await me(client)).body.email_verified).toBe(true);

		// The link is single-use.
		expect((await new HttpClient(server).get(link)).alert).toBe('Ce lien de vérification est invalide ou a expiré.');
	});

	it('refuses an address that already has an account, whatever its case, with a French message on the field', async () => {
		const email = newEmail('bea');
		expect((await signUp(new HttpClient(server), email)).status).toBe(303);

		const second = new HttpClient(server);
		const page = await signUp(second, email.toUpperCase(), { password: 'Another-long-password-7', displayName: 'Intruse' });
		expect(page.status).toBe(409);
		expect(page.fieldErrors).toEqual({ email: 'Un compte existe déjà avec cette adresse e-mail.' });
		expect(second.cookies.has(SESSION_COOKIE)).toBe(false);

		// Still one account: the first password works, the second never did.
		expect((await second.submit('/login', { email, password: 'Another-long-password-7' })).status).toBe(400);
		expect((await second.submit('/login', { email, password: PASSWORD })).status).toBe(303);
		expect((await me(second)).body.display_name).toBe('Ana Le Floc’h');
	});

	it('explains each invalid field in French, keeps what was typed except the password, and creates nothing', async () => {
		const client = new HttpClient(server);
		const page = await client.submit('/signup', { displayName: '', email: 'pas-une-adresse', password: 'court' });
		expect(page.status).toBe(422);
		expect(page.alert).toBe('Le formulaire contient des erreurs : corrigez les champs signalés.');
		expect(page.fieldErrors).toEqual({
			displayName: 'Ce champ est obligatoire.',
			email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
			password: '12 caractères au moins.'
		});
		expect(page.body).toContain('value="pas-une-adresse"');
		expect(page.body).not.toContain('value="court"');
		expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
	});

	it('refuses the passwords every attacker tries first', async () => {
		const page = await signUp(new HttpClient(server), newEmail('carla'), { password: 'motdepasse123' });
		expect(page.status).toBe(422);
		expect(page.fieldErrors.password).toBe('Ce mot de passe est trop courant : choisissez-en un autre.');
	});

	it('speaks English to an English browser', async () => {
		const client = new HttpClient(server, { acceptLanguage: 'en-GB,en;q=0.9' });
		const page = await client.submit('/signup', { displayName: 'Dan', email: 'nope', password: PASSWORD });
		expect(page.status).toBe(422);
		expect(page.fieldErrors).toEqual({ email: 'Enter a valid e-mail address, such as name@example.org.' });
	});
});

describe('login', () => {
	it('refuses a wrong password or an unknown address with the same message (HTTP 400)', async () => {
		const email = newEmail('dora');
		await signUp(new HttpClient(server), email);
		const client = new HttpClient(server);
		for (const attempt of [{ email, password: 'Wrong-password-123' }, { email: newEmail('nobody'), password: PASSWORD }]) {
			const page = await client.submit('/login', attempt);
			expect(page.status).toBe(400);
			expect(page.alert).toBe('Adresse e-mail ou mot de passe incorrect.');
			expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
		}
		const ok = await client.submit('/login?redirectTo=/organisations', { email, password: PASSWORD });
		expect(ok.status).toBe(303);
		expect(ok.location).toBe('/organisations');
		expect((await me(client)).body.email).toBe(email);
	});

	it('stops guessing after 5 failures on one account (429 with a clear message), even with the right password', async () => {
		const email = newEmail('emma');
		const other = newEmail('fanny');
		await signUp(new HttpClient(server), email);
		await signUp(new HttpClient(server), other);
		const client = new HttpClient(server);
		for (let attempt = 1; attempt <= 5; attempt++)
			expect((await client.submit('/login', { email, password: `Wrong-guess-${attempt}-xx` })).status).toBe(400);

		const limited = await client.submit('/login', { email, password: PASSWORD });
		expect(limited.status).toBe(429);
		expect(limited.alert).toBe('Trop de tentatives de connexion. Réessayez dans 15 minute(s).');
		expect(client.cookies.has(SESSION_COOKIE)).toBe(false);

		// Other accounts, from the same address, are not locked out.
		expect((await client.submit('/login', { email: other, password: PASSWORD })).status).toBe(303);
	});
});

describe('logout', () => {
	it('ends the session: its cookie no longer opens anything', async () => {
		const client = new HttpClient(server);
		await signUp(client, newEmail('gael'));
		const token = client.cookies.get(SESSION_COOKIE)!.value;

		const page = await client.submit('/logout', {});
		expect(page.status).toBe(303);
		expect(page.location).toBe('/login?loggedOut=1');
		expect(client.cookies.has(SESSION_COOKIE)).toBe(false);

		const replay = new HttpClient(server);
		replay.cookies.set(SESSION_COOKIE, { value: token, attributes: {} });
		expect((await me(replay)).status).toBe(401);
		const profile = await replay.get('/profile');
		expect(profile.status).toBe(303);
		expect(profile.location).toBe('/login?redirectTo=%2Fprofile');
	});
});

describe('password reset', () => {
	it('sends a single-use link by mail; the new password works, the old one and every open session no longer do', async () => {
		const email = newEmail('hugo');
		const laptop = new HttpClient(server);
		await signUp(laptop, email);
		const phone = new HttpClient(server);
		await phone.logIn(email, PASSWORD);
		expect((await me(phone)).status).toBe(200);

		const asked = await new HttpClient(server).submit('/forgot-password', { email });
		expect(asked.status).toBe(200);
		expect(asked.body).toContain('Si un compte existe pour cette adresse, un e-mail vient d’être envoyé.');
		const link = linkIn(await mailTo(email, RESET_SUBJECT), '/reset-password');

		const browser = new HttpClient(server);
		const form = await browser.get(link);
		expect(form.status).toBe(200);
		const token = new URL(link, server.url).searchParams.get('token')!;
		const NEW_PASSWORD = 'A-brand-new-passphrase-2026';
		const done = await browser.submit('/reset-password', { token, password: NEW_PASSWORD });
		expect(done.status).toBe(303);
		expect(done.location).toBe('/login?reset=1');

		expect((await me(laptop)).status).toBe(401);
		expect((await me(phone)).status).toBe(401);
		expect((await browser.submit('/login', { email, password: PASSWORD })).status).toBe(400);
		await browser.logIn(email, NEW_PASSWORD);
		// Following the mailed link proved the address too.
		expect((await me(browser)).body).toMatchObject({ email, email_verified: true });

		const again = await browser.submit('/reset-password', { token, password: 'Yet-another-passphrase-1' });
		expect(again.status).toBe(400);
		expect(again.alert).toBe('Ce lien de réinitialisation est invalide ou a expiré.');
	});

	it('answers the same for an unknown address, and sends nothing', async () => {
		const email = newEmail('inconnu');
		const page = await new HttpClient(server).submit('/forgot-password', { email });
		expect(page.status).toBe(200);
		expect(page.body).toContain('Si un compte existe pour cette adresse, un e-mail vient d’être envoyé.');
		// A later mail to a real account arrives, so the worker ran past the unknown address's turn.
		const known = newEmail('known');
		await signUp(new HttpClient(server), known);
		await mailTo(known, VERIFY_SUBJECT);
		expect(mailbox.messages.filter((mail) => mail.to.includes(email))).toEqual([]);
	});

	it('hides the development mailbox when SMTP is configured', async () => {
		expect((await new HttpClient(server).get('/dev/mailbox')).status).toBe(404);
	});
});

describe('without SMTP_URL', () => {
	let devServer: TestServer;
	beforeAll(async () => {
		devServer = await startServer();
	});
	afterAll(async () => {
		await devServer?.dispose();
	});

	it('keeps mail in the development mailbox, where the verification link works', async () => {
		const client = new HttpClient(devServer);
		const email = newEmail('jade');
		expect((await signUp(client, email)).status).toBe(303);

		const link = await waitUntil('the verification mail in /dev/mailbox', async () => {
			const page = await client.get('/dev/mailbox');
			expect(page.status).toBe(200);
			const mail = page.body.split('<article').find((article) => article.includes(`<span class="mail-to">${email}</span>`));
			return mail && /href="(http:\/\/[^"]+\/verify-email\?token=[^"]+)"/.exec(mail)?.[1];
		});
		expect(link).toContain(`${devServer.url}/verify-email?token=`);
		expect((await client.get(link)).notice).toBe('Votre adresse e-mail est vérifiée. Merci !');
		expect((await me(client)).body.email_verified).toBe(true);
	});
});
