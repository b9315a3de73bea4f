import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { MapPage } from '../pages/map-page.js';
import { ProposalFormPage, SpacePage } from '../pages/proposal-pages.js';

// Two demo proposals placed in Auray (src/lib/features/proposals/server/seed.ts).
const BIKES = 'Des abris vélos sécurisés à la gare d’Auray';
const PLAYGROUND = 'Rénover l’aire de jeux des bords du Loch';
/** A demo meeting placed in Auray (src/lib/features/meetings/server/seed.ts): the second layer. */
const COUNCIL = 'Conseil municipal : séance sur le budget participatif';
/** A demo issue report in Auray (src/lib/features/streetreports/server/seed.ts): the third layer. */
const LAMP = 'Éclairage public : Le lampadaire à l’angle de la place ne s’allume plus depuis une semaine.';
/** A demo budget project placed in Auray (src/lib/features/budgets/server/seed.ts): the fourth layer. */
const SHELTER = 'Abri à vélos sécurisé à la gare (Budget participatif 2027 d’Auray)';
/** A view of Auray where all of them are separate markers (no clustering at this zoom). */
const AURAY = '?lat=47.67260&lon=-2.98700&z=14';

test.describe('Map', () => {
	test('shows markers for the seeded proposals, filters hide them, and the table lists the same items', async ({ page }) => {
		const map = new MapPage(page);
		await map.goto(AURAY);
		await map.settled();
		await expect(map.marker(BIKES)).toBeVisible();
		await expect(map.marker(PLAYGROUND)).toBeVisible();
		// The bundled marker icon really loads (Leaflet's own guess 404s under Vite).
		await expect.poll(() => map.marker(BIKES).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
		await expect(map.list.getByRole('link', { name: BIKES })).toBeVisible();
		await expect(map.list.getByRole('link', { name: PLAYGROUND })).toBeVisible();
		await expect(map.status).toContainText('Dans la vue');
		// The meetings layer draws its own markers, named in the list by their layer.
		await expect(map.marker(COUNCIL)).toHaveAttribute('data-layer', 'meetings');
		await expect(map.marker(BIKES)).toHaveAttribute('data-layer', 'propositions');
		await expect(map.list.getByRole('listitem').filter({ hasText: COUNCIL })).toContainText('Réunions');
		// Issue reports too, with their status, and never who reported them.
		await expect(map.marker(LAMP)).toHaveAttribute('data-layer', 'signalements');
		await expect(map.list.getByRole('listitem').filter({ hasText: LAMP })).toContainText(/Signalements\s*·\s*En cours de traitement/);
		// Participatory budget projects, with the state of their vote.
		await expect(map.marker(SHELTER)).toHaveAttribute('data-layer', 'budgets');
		await expect(map.list.getByRole('listitem').filter({ hasText: SHELTER })).toContainText(/Projets de budget participatif\s*·\s*Vote ouvert/);

		// The table alternative: the same items as the list.
		const listed = await map.list.locator(':scope > li > a').allTextContents();
		await map.showTable.click();
		await expect(map.table).toBeVisible();
		const tabled = await map.table.locator('tbody th a').allTextContents();
		expect(tabled.sort()).toEqual(listed.sort());
		await expect(map.table.getByRole('row', { name: new RegExp(BIKES) })).toContainText('47.67970, -2.99550');
		await expect(map.table.getByRole('row', { name: new RegExp(COUNCIL) })).toContainText(/Réunions\s*Prévue/);
		await checkAccessibility(page, 'table of the view');
		await map.showList.click();

		// Filtering by category hides the other proposal, on the map and in the list, and goes into the URL.
		const category = map.filter('Catégorie', 'Propositions');
		const mobility = await category.locator('option', { hasText: /^Mobilités — Ville d’Auray$/ }).first().getAttribute('value');
		await category.selectOption(mobility!);
		await map.settled();
		await expect(map.marker(PLAYGROUND)).toHaveCount(0);
		await expect(map.marker(BIKES)).toBeVisible();
		await expect(map.list.getByRole('link', { name: PLAYGROUND })).toHaveCount(0);
		// A proposal filter leaves the other layer alone.
		await expect(map.marker(COUNCIL)).toBeVisible();
		await expect(page).toHaveURL(new RegExp(`propositions\\.category=${mobility}`));

		// The deep link restores the view and the filter in a new visit.
		const link = await map.permalink.getAttribute('href');
		expect(link).toContain(`propositions.category=${mobility}`);
		await page.goto(link!);
		await map.ready('deep link');
		await map.settled();
		await expect(map.filter('Catégorie', 'Propositions')).toHaveValue(mobility!);
		await expect(map.marker(BIKES)).toBeVisible();
		await expect(map.marker(PLAYGROUND)).toHaveCount(0);

		// A report filter: only resolved reports; the lamp being repaired goes.
		await map.filter('Statut', 'Signalements').selectOption('resolved');
		await map.settled();
		await expect(map.marker(LAMP)).toHaveCount(0);
		await expect(page).toHaveURL(/signalements\.status=resolved/);
		await checkAccessibility(page, 'resolved reports only');

		// Turning the proposals and reports off leaves the meetings; their own filter then empties the view.
		await map.main.getByRole('checkbox', { name: 'Signalements' }).uncheck();
		await map.main.getByRole('checkbox', { name: 'Propositions' }).uncheck();
		await map.main.getByRole('checkbox', { name: 'Projets de budget participatif' }).uncheck();
		await map.settled();
		await expect(map.marker(BIKES)).toHaveCount(0);
		await expect(map.marker(COUNCIL)).toBeVisible();
		await expect(map.list.getByRole('link', { name: BIKES })).toHaveCount(0);
		await checkAccessibility(page, 'meetings only');
		await map.filter('Statut', 'Réunions').selectOption('cancelled');
		await map.settled();
		await expect(map.marker(COUNCIL)).toHaveCount(0);
		await expect(page).toHaveURL(/meetings\.status=cancelled/);
		await expect(map.main.getByText('Aucun élément dans cette vue')).toBeVisible();
		await checkAccessibility(page, 'no cancelled meeting');
		await map.main.getByRole('checkbox', { name: 'Réunions' }).uncheck();
		await map.settled();
		await expect(map.map.locator('.leaflet-marker-icon')).toHaveCount(0);
		await checkAccessibility(page, 'no layer');
	});

	test('groups nearby markers into clusters when zoomed out; a cluster opens on click', async ({ page }) => {
		const map = new MapPage(page);
		await map.goto('?lat=47.67260&lon=-2.98700&z=9');
		await map.settled();
		const proposalClusters = map.clusters.and(page.locator('[data-layer="propositions"]'));
		await expect(proposalClusters.first()).toBeVisible();
		await expect(map.marker(BIKES)).toHaveCount(0);
		// The meetings layer is drawn too; a cluster stays clickable over another layer's marker.
		await expect(map.map.locator('[data-layer="meetings"]').first()).toBeVisible();
		await proposalClusters.first().click();
		await map.settled();
		await expect(page).not.toHaveURL(/z=9(&|$)/);
	});

	test('the proposal form places its point from the map picker, keyboard included', async ({ page, login }) => {
		await login.goto('?redirectTo=%2Fspaces%2Fbudget-participatif-2027');
		await login.logIn(demoAccounts.citoyen, DEMO_PASSWORD);
		const space = new SpacePage(page);
		await space.ready('signed in');
		await space.newProposal.click();
		const form = new ProposalFormPage(page);
		await form.ready('new proposal');
		const picker = page.getByTestId('map-picker-map');
		await expect(picker).toHaveAttribute('data-ready', 'true');
		await expect(page.getByText('Aucun point placé.')).toBeVisible();
		const centre = page.getByRole('button', { name: 'Placer le point au centre de la carte' });
		await centre.focus();
		await page.keyboard.press('Enter');
		await expect(form.latitude).not.toHaveValue('');
		await expect(form.longitude).not.toHaveValue('');
		// The picker opened on the organisation's territory (Auray), not on the whole country.
		expect(Number(await form.latitude.inputValue())).toBeCloseTo(47.67, 1);
		expect(Number(await form.longitude.inputValue())).toBeCloseTo(-2.98, 1);
		await expect(page.getByText(/^Point placé : latitude/)).toBeVisible();
		await expect(picker.locator('img.leaflet-marker-icon')).toHaveCount(1);
		// Typing coordinates moves the point; clearing removes it.
		await form.latitude.fill('47.6672');
		await form.longitude.fill('-2,9905');
		await expect(page.getByText('Point placé : latitude 47.6672, longitude -2.9905.')).toBeVisible();
		await page.getByRole('button', { name: 'Retirer le point' }).click();
		await expect(form.latitude).toHaveValue('');
		await expect(picker.locator('img.leaflet-marker-icon')).toHaveCount(0);
		// A click on the map places the point.
		await picker.click({ position: { x: 100, y: 100 } });
		await expect(form.latitude).not.toHaveValue('');
		await checkAccessibility(page, 'point placed');
	});
});
