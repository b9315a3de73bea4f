import sharp from 'sharp';
import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { NewReportPage, openQueueAsAgent, ReportPage, TrackingPage } from '../pages/streetreport-pages.js';

test.describe('Issue reports on a phone', () => {
	test.use({ viewport: { width: 375, height: 740 }, hasTouch: true });

	test('a citizen reports a pothole without an account, sees who handles it and follows it with the tracking code', async ({ page }) => {
		const form = new NewReportPage(page);
		await form.goto();
		await form.category.selectOption({ label: 'Nid-de-poule, chaussée abîmée' });
		await form.placeAt(47.6721, -2.9901);
		// The seeded pothole a few metres away is resolved: nothing is offered as a duplicate.
		await expect(form.nearby).toHaveCount(0);
		await checkAccessibility(page, 'form with a point');
		await form.description.fill('Un trou profond au milieu de la chaussée, devant le numéro 12.');
		await form.main.getByLabel('Adresse', { exact: true }).fill('12 route de Pluvigner, Auray');
		// A phone photo, 400 × 200 stored sideways (EXIF orientation 6) with a GPS position.
		const photo = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#7a6a5a' } })
			.jpeg()
			.withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '47/1 40/1 19/1', GPSLongitudeRef: 'W', GPSLongitude: '2/1 59/1 24/1' } })
			.withMetadata({ orientation: 6 })
			.toBuffer();
		await form.photos.setInputFiles({ name: 'IMG_1234.JPG', mimeType: 'image/jpeg', buffer: photo });
		await form.submit();

		const report = new ReportPage(page);
		await report.ready('confirmation');
		await expect(report.main).toContainText('Transmis à : Département du Morbihan');
		const code = (await report.trackingCode.textContent())!.trim();
		expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		const reportUrl = new URL(page.url()).pathname;

		const tracking = new TrackingPage(page);
		await tracking.goto();
		await tracking.lookUp(code.toLowerCase());
		await report.ready('report found by its code');
		expect(new URL(page.url()).pathname).toBe(reportUrl);
		await expect(report.main.locator('.badge')).toHaveText('Reçu');
		await expect(report.history).toContainText('Signalement reçu');
		await expect(report.trackingCode).toHaveCount(0);
		// The photo is shown, upright (re-encoded 200 × 400).
		const thumbnail = report.photo(1, 'Nid-de-poule, chaussée abîmée');
		await expect(thumbnail).toBeVisible();
		await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([200, 400]);
		await checkAccessibility(page, 'report with a photo');

		await tracking.goto();
		await tracking.lookUp('ZZZZ-ZZZZ');
		await expect(tracking.main).toContainText('Aucun signalement ne correspond à ce code de suivi.');
		await checkAccessibility(page, 'unknown code');
	});

	test('an agent of the town changes the status of a report from the queue', async ({ page }) => {
		const queue = await openQueueAsAgent(page);
		await queue.main.getByRole('link', { name: 'Encombrants' }).first().click();
		const report = new ReportPage(page);
		await report.ready('report as agent');
		await report.changeStatus('En cours de traitement', 'Enlèvement prévu mardi matin.');
		await checkAccessibility(page, 'after the status change');
		await expect(report.main.getByRole('listitem').last()).toContainText('Enlèvement prévu mardi matin.');
	});
});
