import { expect, test } from '../fixtures.js';
import { checkAccessibility } from '../helpers/a11y.js';
import { DEMO_PASSWORD, demoAccounts } from '../helpers/identity.js';
import { LoginPage } from '../pages/login-page.js';
import { NewVotePage, VotePage, VoteResultsPage, VotesPage } from '../pages/vote-pages.js';

const CLUB_SPACE = 'comite-des-utilisateurs';
const REQUEST = 'Export des délibérations au format ouvert';

/** A datetime-local value in Paris time, `minutes` from now. */
const parisWallClock = (minutes: number) => {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
			.formatToParts(new Date(Date.now() + minutes * 60_000))
			.map((p) => [p.type, p.value])
	);
	return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
};

test.describe('Point votes', () => {
	test('a club delegate spreads 100 points, is refused an over-allocation and reads the results after closing', async ({ page, browser }) => {
		test.slow();
		// The organiser creates the vote and picks its items.
		const login = new LoginPage(page);
		await login.goto(`?redirectTo=/spaces/${CLUB_SPACE}/votes`);
		await login.logIn(demoAccounts.admin, DEMO_PASSWORD);
		const votes = new VotesPage(page, CLUB_SPACE);
		await votes.ready('space votes');
		await votes.newVoteLink.click();
		const form = new NewVotePage(page);
		await form.ready('new vote form');
		await form.main.getByLabel('Titre du vote').fill('Vote de printemps');
		await form.main.getByLabel(/^Ouverture/).fill(parisWallClock(-5));
		await form.main.getByLabel(/^Clôture/).fill(parisWallClock(60 * 24 * 7));
		await form.main.getByLabel(`#1 ${REQUEST}`).check();
		await form.main.getByLabel(`Estimation (€) de « ${REQUEST} »`).fill('12000');
		await form.main.getByLabel(/^Autres demandes/).fill('Connexion FranceConnect ; 18000\nMode hors ligne ; 35000');
		await form.main.getByLabel('Nombre de demandes financées (N)').fill('2');
		await form.submit.click();
		const organiserView = new VotePage(page);
		await organiserView.ready('vote page for the organiser');
		await expect(organiserView.heading).toHaveText('Vote de printemps');
		const voteUrl = new URL(page.url()).pathname;

		// A delegate of Auray, a member in good standing, fills the organisation's ballot.
		const delegateContext = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
		const delegatePage = await delegateContext.newPage();
		const delegateLogin = new LoginPage(delegatePage);
		await delegateLogin.goto(`?redirectTo=${voteUrl}`);
		await delegateLogin.logIn(demoAccounts.agent, DEMO_PASSWORD);
		const vote = new VotePage(delegatePage);
		await vote.ready('ballot');
		await expect(vote.main.getByRole('heading', { name: 'Bulletin de Ville d’Auray' })).toBeVisible();
		await expect(vote.pointsLeft).toHaveText('Points restants : 100 sur 100');
		await vote.pointsFor(REQUEST).fill('60');
		await expect(vote.pointsLeft).toHaveText('Points restants : 40 sur 100');
		await vote.pointsFor('Connexion FranceConnect').fill('50');
		await expect(vote.pointsLeft).toHaveText('Points restants : -10 sur 100');
		const overMessage = 'Vous avez attribué 110 points alors que vous n’en avez que 100 : retirez-en 10.';
		await expect(vote.liveOverAllocation).toHaveText(overMessage);
		await vote.save.click();
		await expect(vote.alert).toHaveText(overMessage);
		await checkAccessibility(delegatePage, 'refused over-allocation');

		await vote.pointsFor('Connexion FranceConnect').fill('40');
		await expect(vote.pointsLeft).toHaveText('Points restants : 0 sur 100');
		await expect(vote.liveOverAllocation).toBeHidden();
		await vote.move('Connexion FranceConnect', 'Mode hors ligne', 10);
		await expect(vote.pointsFor('Connexion FranceConnect')).toHaveValue('30');
		await expect(vote.pointsFor('Mode hors ligne')).toHaveValue('10');
		await expect(vote.pointsLeft).toHaveText('Points restants : 0 sur 100');
		await vote.saveBallot();
		await expect(vote.main.getByText(/: 100 points/)).toBeVisible();
		await checkAccessibility(delegatePage, 'saved ballot');

		// Results are published at closing only.
		await delegatePage.goto(`${voteUrl}/results`);
		const hidden = new VoteResultsPage(delegatePage);
		await hidden.ready('results before closing');
		await expect(hidden.main.getByText('Les résultats ne sont pas encore publiés.')).toBeVisible();

		await page.goto(`${voteUrl}/results`);
		const organiserResults = new VoteResultsPage(page);
		await organiserResults.ready('results for the organiser');
		await organiserResults.closeButton.click();
		await expect(organiserResults.closeButton).toBeHidden();

		await delegatePage.reload();
		await hidden.ready('results after closing');
		await expect(hidden.chart).toBeVisible();
		await expect(hidden.row(REQUEST)).toContainText(/^1\s*Export.*60\s*1\s*12\s000\s€\s*oui/u);
		await expect(hidden.row('Connexion FranceConnect').getByRole('cell').nth(1)).toHaveText('30');
		await expect(hidden.row('Mode hors ligne').getByRole('cell').first()).toHaveText('3');
		const csvHref = await hidden.main.getByRole('link', { name: 'CSV' }).getAttribute('href');
		const csv = await delegatePage.request.get(csvHref!);
		expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
		expect((await csv.text()).split('\n')[1]).toMatch(/^1,[0-9a-f-]{36},Export des délibérations au format ouvert,12000,60,1,true,0,false$/);
		await delegateContext.close();
	});
});
