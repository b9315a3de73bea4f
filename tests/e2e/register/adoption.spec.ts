import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { LoginPage } from '../pages/login-page.js';

/** The PNG signature and an IHDR chunk: recognised as an image from its bytes. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex')]);

test.describe('Register of acts', () => {
	test('an elected official adopts a demo document version with an annex; anyone finds it, downloads the PDF and verifies it', async ({ page }) => {
		const login = new LoginPage(page);
		await login.goto('?redirectTo=/spaces/budget-participatif-2027/documents');
		await login.logIn(demoAccounts.elu, DEMO_PASSWORD);
		await expect(page).toHaveURL(/\/documents$/);
		await checkAccessibility(page, 'documents of the space');
		const documents = await (await page.request.get('/api/v1/spaces/budget-participatif-2027/documents')).json();
		const draft = documents.items.find((d: { title: string }) => d.title === 'Projet de délibération — Budget participatif 2027');
		await page.goto(`/documents/${draft.id}`);
		await checkAccessibility(page, 'document page');
		await page.getByRole('main').getByRole('link', { name: 'Adopter comme acte officiel' }).click();
		await expect(page).toHaveURL(/\/adopter$/);
		await checkAccessibility(page, 'adoption form');

		const main = page.getByRole('main');
		await main.getByLabel('Type d’acte').selectOption('minutes');
		await main.getByLabel('Signataire (prénom et nom)').fill('Maëlle Le Bihan');
		await main.getByLabel('Qualité du signataire').fill('Adjointe au maire');
		await main.getByLabel('Objet', { exact: true }).fill('Budget participatif 2027 : séance du conseil');
		await main.getByLabel('Pièces jointes (annexes)').setInputFiles({ name: 'plan-des-projets.png', mimeType: 'image/png', buffer: PNG });
		await main.getByRole('button', { name: 'Adopter et publier' }).click();
		await expect(page).toHaveURL(/\/registre\/auray\/[0-9a-f-]{36}$/);
		await expect(main.getByRole('heading', { level: 1 })).toContainText('Procès-verbal N° PV-');
		await expect(main.getByText('Maëlle Le Bihan, Adjointe au maire')).toBeVisible();
		await checkAccessibility(page, 'act page');
		const hash = (await main.locator('code.hash').first().textContent())!.trim();
		const annex = main.getByRole('listitem').filter({ hasText: 'plan-des-projets.png' });
		await expect(annex).toContainText(createHash('sha256').update(PNG).digest('hex'));

		// Anyone: the register lists it, the PDF downloads with that hash, the check page confirms it.
		await page.context().clearCookies();
		await page.goto('/registre/auray?q=participatif&type=minutes');
		await checkAccessibility(page, 'register search');
		const entry = main.getByRole('link', { name: /Procès-verbal N° PV-.* — Projet de délibération — Budget participatif 2027/ });
		await expect(entry).toHaveCount(1);
		await entry.click();
		await expect(page).toHaveURL(/\/registre\/auray\/[0-9a-f-]{36}$/);
		await checkAccessibility(page, 'act page, signed out');
		const [download] = await Promise.all([page.waitForEvent('download'), main.getByRole('link', { name: 'Télécharger le PDF' }).click()]);
		const file = await download.path();
		const bytes = await readFile(file);
		expect(createHash('sha256').update(bytes).digest('hex')).toBe(hash);

		await page.goto('/registre/verifier');
		await checkAccessibility(page, 'verification page');
		await main.getByLabel('Fichier à vérifier').setInputFiles(file);
		await main.getByRole('button', { name: 'Vérifier', exact: true }).click();
		await expect(main.getByRole('status')).toContainText('Ce fichier correspond à l’acte n° PV-');
		await expect(main.getByRole('status')).toContainText(hash);
		await checkAccessibility(page, 'verification result');
	});
});
