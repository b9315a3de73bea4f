import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { waitForHydration } from '../pages/base-page.js';

test.describe('Open data', () => {
	test('the open-data page lists the datasets with licence and downloads, and the API docs have a section for reusers', async ({ page, request }) => {
		await page.goto('/');
		await waitForHydration(page);
		await checkAccessibility(page, 'home');
		await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Données ouvertes' }).click();
		await expect(page).toHaveURL(/\/donnees-ouvertes$/);
		await waitForHydration(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Données ouvertes');
		await checkAccessibility(page, 'open data');
		const proposals = page.getByRole('region', { name: 'Propositions citoyennes' });
		await expect(proposals.getByRole('link', { name: /Licence Ouverte/ })).toBeVisible();
		await expect(proposals.getByText('en continu')).toBeVisible();
		const geojson = proposals.getByRole('link', { name: /^GeoJSON/ });
		const response = await request.get((await geojson.getAttribute('href'))!);
		expect(response.headers()['content-type']).toMatch(/^application\/geo\+json/);
		expect((await response.json()).features.length).toBeGreaterThan(0);
		await proposals.getByText(/^Colonnes \(\d+\)$/).click();
		await expect(proposals.getByRole('cell', { name: 'longitude', exact: true })).toBeVisible();
		await checkAccessibility(page, 'columns open');

		await page.getByRole('link', { name: 'API', exact: true }).first().click();
		await waitForHydration(page);
		await expect(page.getByRole('heading', { name: 'Pour les réutilisateurs' })).toBeVisible();
		await checkAccessibility(page, 'API docs');
	});
});
