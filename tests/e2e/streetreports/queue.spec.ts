import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { AnswerTemplatesPage, openQueueAsAgent, ReportPage } from '../pages/streetreport-pages.js';

test('an agent filters the queue, selects two reports and answers both at once with a template; the reporters see the answer', async ({ page, baseURL }) => {
	// Two anonymous reports about the town's street furniture, told apart from the others by a word.
	const word = `banc${Date.now().toString(36)}`;
	const reports: { id: string; code: string }[] = [];
	for (const [index, place] of [
		{ latitude: 47.6661, longitude: -2.9801 },
		{ latitude: 47.6668, longitude: -2.9789 }
	].entries()) {
		const response = await page.request.post('/api/v1/issue-reports', {
			headers: { origin: baseURL! },
			data: { category: 'mobilier-urbain', ...place, description: `Banc public cassé (${word}), lattes ${index + 1} arrachées.` }
		});
		expect(response.status(), await response.text()).toBe(201);
		const body = await response.json();
		expect(body.organisation.slug).toBe('auray');
		reports.push({ id: body.id, code: body.tracking_code });
	}

	const queue = await openQueueAsAgent(page);
	await queue.search(word);
	await expect(queue.list.locator('caption')).toHaveText('2 signalements');
	await expect(queue.map).toBeVisible();
	await expect(queue.map.locator('.leaflet-marker-icon')).toHaveCount(2);

	for (const { code } of reports) await queue.select(code).check();
	await expect(queue.main.getByRole('group', { name: 'Répondre aux signalements cochés (2)' })).toBeVisible();
	await queue.main.getByLabel('Modèle de réponse').selectOption({ label: 'Intervention programmée' });
	await expect(queue.main.getByLabel('Nouveau statut')).toHaveValue('in_progress');
	const answer = 'Merci pour votre signalement. Une équipe des services techniques interviendra dans les prochains jours.';
	await expect(queue.main.getByLabel('Commentaire public')).toHaveValue(answer);
	// A note too long is refused: the selection, the template, the status and both comments come back.
	const note = queue.main.getByLabel('Note interne (visible des agents seulement)');
	await note.fill('x'.repeat(5_001));
	await queue.applyToSelection();
	await expect(note).toHaveAttribute('aria-describedby', 'bulk-private_comment-error');
	for (const { code } of reports) await expect(queue.select(code)).toBeChecked();
	await expect(queue.main.getByRole('group', { name: 'Répondre aux signalements cochés (2)' })).toBeVisible();
	await expect(queue.main.getByLabel('Modèle de réponse').locator('option:checked')).toHaveText('Intervention programmée');
	await expect(queue.main.getByLabel('Nouveau statut')).toHaveValue('in_progress');
	await expect(queue.main.getByLabel('Commentaire public')).toHaveValue(answer);
	await expect(note).toHaveValue('x'.repeat(5_001));
	await note.fill('Tournée mobilier urbain de jeudi');
	await checkAccessibility(page, 'selection and template chosen');
	await queue.applyToSelection();
	await expect(queue.status).toHaveText('2 signalement(s) mis à jour.');
	await expect(queue.list.getByRole('row').filter({ hasText: reports[0].code })).toContainText('En cours de traitement');
	await expect(queue.list.getByRole('row').filter({ hasText: reports[1].code })).toContainText('En cours de traitement');

	// What the reporters see: the public answer, not the agents' note.
	await queue.logOut();
	await checkAccessibility(page, 'logged out');
	const report = new ReportPage(page);
	for (const { id } of reports) {
		await page.goto(`/signalements/${id}`);
		await report.ready('report seen by its reporter');
		await expect(report.main.locator('.badge')).toHaveText('En cours de traitement');
		await expect(report.main.getByRole('listitem').last()).toContainText(answer);
		await expect(report.main).not.toContainText('Tournée mobilier urbain de jeudi');
	}
});

test('an agent adds, edits and deletes an answer template of the town', async ({ page }) => {
	const queue = await openQueueAsAgent(page);
	await queue.main.getByRole('link', { name: 'Modèles de réponse : Ville d’Auray' }).click();
	const templates = new AnswerTemplatesPage(page);
	await templates.ready('templates');
	await expect(templates.template('Problème résolu')).toBeVisible();

	const title = `Passage prévu ${Date.now().toString(36)}`;
	const creation = templates.main.getByRole('region', { name: 'Nouveau modèle' });
	await creation.getByLabel('Titre').fill(title);
	await creation.getByLabel('Statut proposé').selectOption({ label: 'En cours de traitement' });
	await creation.getByLabel('Texte public').fill('Ok');
	await templates.submit(creation.getByRole('button', { name: 'Ajouter le modèle' }), 'refused template');
	// Too short a text: refused with the reason, what was typed kept.
	await expect(templates.alert).toBeVisible();
	await expect(creation.getByLabel('Titre')).toHaveValue(title);
	await expect(creation.getByLabel('Texte public')).toHaveAttribute('aria-invalid', 'true');
	await creation.getByLabel('Texte public').fill('Un agent passera dans la semaine.');
	await templates.submit(creation.getByRole('button', { name: 'Ajouter le modèle' }), 'template added');
	await expect(templates.status).toHaveText('Modèle ajouté.');
	const added = templates.template(title);
	await expect(added.getByLabel('Statut proposé')).toHaveValue('in_progress');
	await added.getByLabel('Texte public').fill('Un agent passera sous huit jours.');
	await templates.submit(added.getByRole('button', { name: `Enregistrer « ${title} »` }), 'template saved');
	await expect(templates.status).toHaveText('Modèle enregistré.');
	await expect(templates.template(title).getByLabel('Texte public')).toHaveValue('Un agent passera sous huit jours.');
	await templates.submit(templates.template(title).getByRole('button', { name: `Supprimer « ${title} »` }), 'template deleted');
	await expect(templates.status).toHaveText('Modèle supprimé.');
	await expect(templates.template(title)).toHaveCount(0);
});
