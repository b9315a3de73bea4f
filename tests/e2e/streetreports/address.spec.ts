import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { NewReportPage, ReportPage } from '../pages/streetreport-pages.js';

test.describe('Placing a report from its address, on a phone', () => {
	test.use({ viewport: { width: 375, height: 740 }, hasTouch: true });

	test('a citizen looks the address up, picks the match, and the report is placed and routed there', async ({ page }) => {
		const form = new NewReportPage(page);
		await form.goto();
		await form.category.selectOption({ label: 'Trottoirs' });

		await form.searchAddress('rue inconnue de nulle part');
		await expect(form.main.getByRole('status').filter({ hasText: 'Aucune adresse trouvée' })).toBeVisible();

		await form.searchAddress('12 rue du lait');
		const match = form.main.getByRole('list', { name: 'Adresses trouvées' }).getByRole('button', { name: '12 Rue du Lait 56400 Auray' });
		await expect(match).toBeVisible();
		await checkAccessibility(page, 'address matches');
		await match.click();
		await expect(form.latitude).toHaveValue('47.6675');
		await expect(form.longitude).toHaveValue('-2.9838');
		await expect(form.address).toHaveValue('12 Rue du Lait 56400 Auray');
		await expect(form.main.getByRole('status').filter({ hasText: 'Point placé : 12 Rue du Lait 56400 Auray.' })).toBeVisible();

		await form.description.fill('Une dalle du trottoir est descellée et bascule quand on marche dessus.');
		await form.submit();
		const report = new ReportPage(page);
		await report.ready('confirmation');
		await expect(report.main).toContainText('Transmis à : Ville d’Auray');
		await expect(report.main).toContainText('12 Rue du Lait 56400 Auray');
	});
});
