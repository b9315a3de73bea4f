import { expect, test } from '../fixtures.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { LoginPage } from '../pages/login-page.js';
import { VotePage, VoteResultsPage, VotesPage } from '../pages/vote-pages.js';

const REQUEST = 'Export des délibérations au format ouvert';

test.describe('Co-funding pledges', () => {
	test('a member organisation pledges towards a request, sees pledged and missing amounts, and withdraws', async ({ page }) => {
		const login = new LoginPage(page);
		await login.goto('?redirectTo=/spaces/comite-des-utilisateurs/votes');
		await login.logIn(demoAccounts.elu, DEMO_PASSWORD);
		const votes = new VotesPage(page, 'comite-des-utilisateurs');
		await votes.ready('club votes');
		await votes.main.getByRole('link', { name: 'Priorités d’évolution 2027' }).click();
		const vote = new VotePage(page);
		await vote.ready('demo vote');
		// The demo ballot of Auray, editable by its elected official too.
		await expect(vote.pointsFor(REQUEST)).toHaveValue('40');
		await vote.main.getByRole('link', { name: 'Résultats' }).click();
		const results = new VoteResultsPage(page);
		await results.ready('live results');
		await expect(results.row(REQUEST)).toContainText(/Promis : 0\s€ sur 12\s000\s€/u);

		await results.main.getByLabel(`Montant promis (€) pour « ${REQUEST} »`).fill('5000');
		await results.main.getByRole('button', { name: 'Promettre' }).first().click();
		await expect(results.status).toHaveText('Promesse enregistrée.');
		await expect(results.row(REQUEST)).toContainText(/Promis : 5\s000\s€ sur 12\s000\s€/u);
		await expect(results.row(REQUEST)).toContainText(/Manque : 7\s000\s€/u);
		await results.ready('after pledging');

		await results.main.getByRole('button', { name: /Retirer ma promesse \(Ville d’Auray/ }).click();
		await expect(results.row(REQUEST)).toContainText(/Promis : 0\s€ sur 12\s000\s€/u);
	});
});
